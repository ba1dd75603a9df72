import { selectAttention, type AttentionRow } from '../selectors/index.js';
import { statusToken } from '../theme/index.js';
import { attach, openDetail, stop } from './actions.js';
import { answerActions } from './answer-actions.js';
import { nudgeOrTell, sequence } from './overlap-actions.js';
import { age, col } from './column.js';
import { definePane } from './controller.js';

const detail = (r: AttentionRow, _s: unknown, now: number) => ({
  title: `${r.kind}: ${r.rig}/${r.subject}`,
  lines: [`waiting ${age(now, r.since)}`, `issue: ${r.issue ?? '-'}`, '', r.reason],
});

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
      (r) => r.kind,
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
  actions: [
    ...answerActions<AttentionRow>((r) => r.kind === 'waiting'),
    nudgeOrTell,
    attach,
    stop,
    sequence,
    openDetail(detail),
  ],
});
