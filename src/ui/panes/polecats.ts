import { selectPolecats, type PolecatRow } from '../selectors/index.js';
import { statusToken } from '../theme/index.js';
import { attach, land, nudge, openDetail, spawnPicked, stop } from './actions.js';
import { answerActions } from './answer-actions.js';
import { age, col } from './column.js';
import { definePane } from './controller.js';
import { shortBytes, shortCount } from '../../town/polecat-figures.js';
import { sparkline } from '../components/sparkline.js';

const detail = (r: PolecatRow, _s: unknown, now: number) => ({
  title: `${r.rig}/${r.name} — ${r.state}`,
  lines: [
    `issue    ${r.issue}  ${r.issueTitle}`,
    `state    ${r.state} for ${age(now, r.since)}: ${r.reason}`,
    `activity ${r.lastActivity ? `${age(now, r.lastActivity)} ago` : 'none seen'}`,
    `agent    ${r.agent}${r.model ? ` (${r.model})` : ''}${r.tier !== undefined ? `, tier ${r.tier}` : ''}`,
    `branch   ${r.branch}`,
    `session  ${r.session}`,
    `host     ${r.host}${r.staleSince !== undefined ? ` — unreachable for ${age(now, r.staleSince)}: state as last known` : ''}`,
    ...usageLines(r),
  ],
});

const dash = (v: number | undefined, f: (n: number) => string) => (v === undefined ? '-' : f(v));

const WIDE = 84;
const usageColumns = [
  {
    ...col.text<PolecatRow>('tokens', 'TOKENS', 6, (r) => dash(r.tokens, shortCount)),
    align: 'right',
    hideBelow: WIDE,
  },
  {
    ...col.text<PolecatRow>('cost', 'COST~', 6, (r) => dash(r.cost, (c) => `$${c.toFixed(2)}`)),
    align: 'right',
    hideBelow: WIDE,
  },
  {
    ...col.text<PolecatRow>('cpu', 'CPU', 4, (r) => dash(r.cpu, (c) => `${Math.round(c)}%`)),
    align: 'right',
    hideBelow: WIDE,
  },
  {
    ...col.text<PolecatRow>('mem', 'MEM', 5, (r) => dash(r.rss, shortBytes)),
    align: 'right',
    hideBelow: WIDE,
  },
] as const;

/** Tokens, cost (an estimate), CPU, memory and disk, each over time as a sparkline. */
function usageLines(r: PolecatRow): string[] {
  const h = r.history ?? [];
  const series = (i: 1 | 2 | 3) => sparkline(h.map((x) => x[i]));
  return [
    `tokens   ${dash(r.tokens, shortCount).padEnd(8)}${series(3)}`,
    `cost     ${dash(r.cost, (c) => `$${c.toFixed(2)} (estimate)`)}`,
    `cpu      ${dash(r.cpu, (c) => `${Math.round(c)}%`).padEnd(8)}${series(1)}`,
    `memory   ${dash(r.rss, shortBytes).padEnd(8)}${series(2)}`,
    `disk     ${dash(r.disk, shortBytes)}`,
  ];
}

const landPolecat = {
  ...land,
  disabled: (row: PolecatRow | undefined, t: Parameters<NonNullable<typeof land.disabled>>[1]) =>
    row?.plugin ? 'a plugin has no branch to land' : land.disabled?.(row, t),
};

/** Every polecat (and plugin agent): state and why, age, last activity, tier. */
export const polecatsPane = definePane<PolecatRow>({
  id: 'polecats',
  title: 'Polecats',
  context: 'polecats',
  rows: selectPolecats,
  key: (r) => r.key,
  columns: (now) => [
    col.text('name', 'NAME', 10, (r) => r.name),
    col.text('rig', 'RIG', 8, (r) => r.rig),
    col.text('issue', 'ISSUE', 10, (r) => r.issue),
    col.text('host', 'HOST', 8, (r) => (r.staleSince !== undefined ? `${r.host}?` : r.host)),
    col.state(
      'STATE',
      8,
      (r) => r.state,
      (r) => statusToken(r.state),
    ),
    col.age(now, 'AGE', (r) => r.since),
    col.age(now, 'LAST', (r) => r.lastActivity, 4, 'act'),
    col.text('tier', 'T', 2, (r) => (r.tier === undefined ? '-' : String(r.tier))),
    col.flex('reason', 'REASON', (r) =>
      r.staleSince !== undefined
        ? `stale since ${age(now, r.staleSince)} (outpost ${r.host} unreachable): ${r.reason}`
        : r.reason,
    ),
    // Only in a wide pane (gone at 80 columns; all four in the widest layout, the focused pane beside the preview).
    ...usageColumns,
  ],
  filterText: (r) => `${r.name} ${r.rig} ${r.host} ${r.issue} ${r.state} ${r.reason} ${r.issueTitle}`,
  detail,
  empty: (key) => `no polecats: press ${key('action.spawn')} on a ready issue to spawn one`,
  // A plugin row's target is its session (`plugin:NAME`); it has no branch to land.
  target: (r) => ({ rig: r.rig, name: r.plugin ? `plugin:${r.name}` : r.name }),
  actions: [
    ...answerActions<PolecatRow>((r) => r.state === 'waiting' && !r.plugin),
    nudge,
    attach,
    landPolecat,
    stop,
    spawnPicked,
    openDetail(detail),
  ],
  owns: (file) => file.includes('/.runtime/polecats/'),
});
