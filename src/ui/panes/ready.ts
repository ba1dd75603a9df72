import type { StoreSnapshot } from '../../store/types.js';
import { isSpawnable } from '../../town/schemas/bead.js';
import { selectReady, type ReadyRow } from '../selectors/index.js';
import { issueDetailLines } from '../selectors/issue-detail.js';
import { priorityToken } from '../theme/index.js';
import { openDetail } from './actions.js';
import { col } from './column.js';
import { definePane, type KeyLabel, type PaneAction } from './controller.js';

/** The issue, its dependencies (with each target's state) and its comments. */
const detail = (r: ReadyRow, snap: StoreSnapshot, _now: number, key: KeyLabel) => {
  const issues = snap.rigs.find((g) => g.name === r.rig)?.issues;
  const bead = issues?.get(r.id);
  return {
    title: `${r.id} ${r.title}`,
    lines: [
      `rig ${r.rig}`,
      ...(bead && issues ? issueDetailLines(bead, issues) : [`${r.type}, priority ${r.priority}`]),
      '',
      notWork(r) ?? `press ${key('action.spawn')} to spawn a polecat on it`,
    ],
  };
};

const text = (r: ReadyRow) => `${r.id} ${r.rig} ${r.type} ${r.title} ${r.labels.join(' ')}`;

/** Why a ready issue is not for a polecat (a bd decision, a milestone): listed, never spawned. */
const notWork = (r: ReadyRow): string | undefined =>
  isSpawnable(r.type) ? undefined : `a ${r.type} is not work a polecat can take`;

/** The ready issues a polecat can take under a filter (the spawn picker's items). */
export function spawnableIssues(snap: StoreSnapshot, filter: string): readonly ReadyRow[] {
  const f = filter.toLowerCase();
  return selectReady(snap).filter((r) => isSpawnable(r.type) && (!f || text(r).toLowerCase().includes(f)));
}

/** s: spawn on the selected issue (pick a preset), or pick an issue first. */
const spawn: PaneAction<ReadyRow> = {
  command: 'action.spawn',
  disabled: (r) => (r ? notWork(r) : undefined),
  run: (ui, r) => ui.open(r ? { kind: 'pickPreset', issue: r.id, rig: r.rig } : { kind: 'pickIssue' }),
};

/** Open issues nothing blocks, highest priority then oldest first. */
export const readyPane = definePane<ReadyRow>({
  id: 'ready',
  title: 'Ready issues',
  context: 'ready',
  rows: selectReady,
  key: (r) => r.key,
  columns: () => [
    col.text('id', 'ISSUE', 10, (r) => r.id),
    col.text(
      'p',
      'P',
      2,
      (r) => `P${r.priority}`,
      (r) => priorityToken(r.priority),
    ),
    col.text('type', 'TYPE', 7, (r) => r.type),
    col.flex('title', 'TITLE', (r) => r.title),
  ],
  filterText: text,
  detail,
  empty: () => 'no ready work',
  actions: [spawn, openDetail(detail)],
});
