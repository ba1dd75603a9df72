import { selectAttention, type AttentionRow } from '../selectors/index.js';
import { statusToken } from '../theme/index.js';
import type { StoreSnapshot } from '../../store/types.js';
import { bellMarks } from './bell-marks.js';
import { age, col } from './column.js';
import { bindActions, definePane, type PaneAction } from './controller.js';
import { triageActions, triageDetail } from './triage.js';

const detail = (r: AttentionRow, snap: StoreSnapshot, now: number) => ({
  title: `${r.kind}: ${r.rig}/${r.subject} (waiting ${age(now, r.since)})`,
  lines: triageDetail(r, snap),
});

const TRIAGE = triageActions();

/** Enter: the item in detail, its triage keys live there too. */
const openTriage: PaneAction<AttentionRow> = {
  command: 'detail.open',
  disabled: (row) => (row === undefined ? 'no row selected' : undefined),
  run: (ui, row, target) => {
    const d = detail(row!, ui.snap, ui.now);
    ui.open({ kind: 'detail', ...d, actions: bindActions(TRIAGE, row, target) });
  },
};

/** Who needs the operator, longest waiting first. */
export const attentionPane = definePane<AttentionRow>({
  id: 'attention',
  title: 'Attention',
  context: 'attention',
  rows: selectAttention,
  key: (r) => r.key,
  columns: (now) => [
    col.state(
      'WHAT',
      9,
      // ● marks an item the cockpit rang the bell for, until a key of the operator's lands on it.
      (r) => `${bellMarks.keys.has(r.key) ? '●' : ''}${r.kind}`,
      (r) =>
        r.kind === 'escalated'
          ? 'status.warning'
          : statusToken(r.kind === 'conflict' || r.kind === 'failed' ? 'error' : r.kind),
      'kind',
    ),
    col.text('who', 'WHO', 16, (r) => (r.polecat ? `${r.rig}/${r.polecat}` : r.subject)),
    col.age(now, 'WAIT', (r) => r.since, 5),
    col.flex('reason', 'REASON', (r) => r.reason),
  ],
  filterText: (r) => `${r.kind} ${r.rig} ${r.subject} ${r.issue ?? ''} ${r.reason}`,
  detail,
  empty: () => 'nobody needs you right now',
  target: (r) => (r.polecat ? { rig: r.rig, name: r.polecat } : undefined),
  actions: [...TRIAGE, openTriage],
});
