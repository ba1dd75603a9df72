import { cleanLine as sanitizeLine, cleanText } from './clean.js';
import { isMergeRequest, type MergeRequest } from '../../town/merge-requests.js';
import type { Bead, MrState } from '../../town/schemas/bead.js';
import type { StoreSnapshot } from '../../store/types.js';
import { memoOn } from './memo.js';

export type MergeRow = {
  key: string;
  id: string;
  rig: string;
  state: MrState;
  branch: string;
  worker: string;
  sourceIssue: string;
  title: string;
  priority: number;
  /** Why it is in this state (the last history entry). */
  reason: string;
  since: number;
  /** The refinery is working on it right now. */
  current: boolean;
  /** Every conflicting path (sanitized), for the detail view. */
  conflictPaths: string[];
  /** The tail of the failed test run, one sanitized line each (empty when none). */
  testOutput: string[];
};

const ORDER: Record<MrState, number> = {
  testing: 0,
  queued: 1,
  conflict: 2,
  failed: 3,
  merged: 4,
  rejected: 5,
};
/** Finished requests kept visible (most recent first). */
export const FINISHED_SHOWN = 10;

const mrsOfRig = memoOn((issues: ReadonlyMap<string, Bead>): MergeRequest[] => {
  const out: MergeRequest[] = [];
  for (const b of issues.values()) if (isMergeRequest(b)) out.push(b);
  return out;
});

const queue = memoOn((rigs: StoreSnapshot['rigs']): MergeRow[] => {
  const live: MergeRow[] = [];
  const finished: MergeRow[] = [];
  for (const rig of rigs) {
    const current = rig.refinery?.current?.mr;
    for (const m of mrsOfRig(rig.issues)) {
      const last = m.mr.history[m.mr.history.length - 1];
      const row: MergeRow = {
        key: m.id,
        id: m.id,
        rig: rig.name,
        state: m.mr.state,
        branch: sanitizeLine(m.mr.branch, 100),
        worker: sanitizeLine(m.mr.worker, 40),
        sourceIssue: m.mr.source_issue,
        title: sanitizeLine(rig.issues.get(m.mr.source_issue)?.title ?? m.title, 200),
        priority: m.priority,
        reason: sanitizeLine(last?.reason ?? '', 200),
        since: Date.parse(last?.at ?? m.updated_at),
        current: current === m.id,
        conflictPaths: (m.mr.conflict_paths ?? []).map((p) => sanitizeLine(p, 300)),
        testOutput: m.mr.test_output_tail ? cleanText(m.mr.test_output_tail).trimEnd().split('\n') : [],
      };
      (m.mr.state === 'merged' || m.mr.state === 'rejected' ? finished : live).push(row);
    }
  }
  live.sort((a, b) => ORDER[a.state] - ORDER[b.state] || a.priority - b.priority || a.since - b.since);
  finished.sort((a, b) => b.since - a.since);
  return [...live, ...finished.slice(0, FINISHED_SHOWN)];
});

/** The merge queue: testing, queued (processing order), conflict, failed, then the last few landed. */
export function selectMergeQueue(snap: StoreSnapshot): MergeRow[] {
  return queue(snap.rigs);
}
