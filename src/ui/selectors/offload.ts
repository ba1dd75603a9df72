import { sanitizeLine } from '../../core/sanitize.js';
import type { StoreSnapshot } from '../../store/types.js';
import { memoOn } from './memo.js';

export type OffloadTaskCell = { name: string; state: string; code?: number; duration_ms?: number };

export type OffloadRow = {
  key: string;
  id: string;
  rig: string;
  playbook: string;
  target: string;
  outpost: string;
  /** running, passed, failed (as last seen), or "started" before any status was read. */
  state: string;
  /** "unit ✓ lint … smoke ✗3": each task's state, as last seen. */
  tasks: string;
  cells: OffloadTaskCell[];
  fix?: string;
  seenAt?: number;
  createdAt: number;
};

const MARK: Record<string, string> = { passed: '✓', failed: '✗', running: '…', waiting: '·', lost: '?' };

/** One task as a short cell: name and mark, the exit code of a failure. Pure. */
export function taskCell(t: OffloadTaskCell): string {
  return `${t.name} ${MARK[t.state] ?? '?'}${t.state === 'failed' && t.code !== undefined ? t.code : ''}`;
}

const rows = memoOn((snap: StoreSnapshot): OffloadRow[] =>
  snap.rigs
    .flatMap((r) =>
      (r.offload ?? []).map((j): OffloadRow => {
        const cells: OffloadTaskCell[] =
          j.last?.tasks ?? j.tasks.map((t) => ({ name: t.name, state: 'waiting' }));
        return {
          key: `${r.name}/${j.id}`,
          id: j.id,
          rig: r.name,
          playbook: j.playbook,
          target: sanitizeLine(j.target.input, 60),
          outpost: j.outpost,
          state: j.fix?.state === 'running' ? 'fixing' : (j.last?.state ?? 'started'),
          tasks: cells.map(taskCell).join('  '),
          cells,
          ...(j.fix
            ? {
                fix: sanitizeLine(
                  `${j.fix.state}, round ${j.fix.round}/${j.fix.max_rounds}${j.fix.message ? `: ${j.fix.message}` : ''}`,
                  200,
                ),
              }
            : {}),
          ...(j.last ? { seenAt: Date.parse(j.last.at) } : {}),
          createdAt: Date.parse(j.created_at),
        };
      }),
    )
    .sort((a, b) => b.createdAt - a.createdAt),
);

/** Offload jobs of every rig, newest first, with each task's state as the last status query saw it. */
export function selectOffload(snap: StoreSnapshot): OffloadRow[] {
  return rows(snap);
}
