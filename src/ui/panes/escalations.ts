import { formatAge } from '../../core/time.js';
import { selectEscalations, type EscalationRow } from '../selectors/index.js';
import { openDetail } from './actions.js';
import { col } from './column.js';
import { definePane } from './controller.js';

const detail = (r: EscalationRow) => ({
  title: `${r.issue} ${r.title}`,
  lines: r.steps.flatMap((s) => [
    `#${s.attempt} tier ${s.tier} ${s.tierName} (${s.preset}${s.model ? `/${s.model}` : ''})${s.polecat ? ` by ${s.polecat}` : ''}: ${s.verdict}${s.durationMs ? ` in ${formatAge(s.durationMs)}` : ''}`,
    ...(s.feedback ? [`   ${s.feedback}`] : []),
  ]),
});

/** Attempt trails per issue: which tiers tried, and what each got. */
export const escalationsPane = definePane<EscalationRow>({
  id: 'escalations',
  title: 'Escalations',
  context: 'escalations',
  rows: selectEscalations,
  key: (r) => r.key,
  columns: () => [
    col.text('issue', 'ISSUE', 10, (r) => r.issue),
    col.state(
      'LAST',
      8,
      (r) => r.verdict,
      (r) =>
        r.verdict === 'accept'
          ? 'status.success'
          : r.verdict === 'running'
            ? 'status.working'
            : 'status.error',
      'verdict',
    ),
    col.flex('trail', 'TRAIL', (r) => r.trail),
  ],
  filterText: (r) => `${r.issue} ${r.title} ${r.trail} ${r.steps.map((s) => s.feedback).join(' ')}`,
  detail,
  empty: () => 'no attempts recorded',
  actions: [openDetail(detail)],
  owns: (file) => file.includes('/.runtime/attempts/'),
});
