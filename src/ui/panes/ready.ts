import type { StoreSnapshot } from '../../store/types.js';
import { selectReady, type ReadyRow } from '../selectors/index.js';
import { priorityToken } from '../theme/index.js';
import { openDetail } from './actions.js';
import { col } from './column.js';
import { definePane, type KeyLabel, type PaneAction } from './controller.js';

const detail = (r: ReadyRow, _s: unknown, _now: number, key: KeyLabel) => ({
  title: `${r.id} ${r.title}`,
  lines: [
    `rig ${r.rig}, ${r.type}, priority ${r.priority}`,
    `labels: ${r.labels.join(', ') || '-'}`,
    '',
    `press ${key('action.spawn')} to spawn a polecat on it`,
  ],
});

const text = (r: ReadyRow) => `${r.id} ${r.rig} ${r.type} ${r.title} ${r.labels.join(' ')}`;

/** The ready issues under a filter (the spawn picker offers what the ready pane shows). */
export function readyIssues(snap: StoreSnapshot, filter: string): readonly ReadyRow[] {
  const f = filter.toLowerCase();
  const rows = selectReady(snap);
  return f ? rows.filter((r) => text(r).toLowerCase().includes(f)) : rows;
}

/** s: spawn on the selected issue (pick a preset), or pick an issue first. */
const spawn: PaneAction<ReadyRow> = {
  command: 'action.spawn',
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
