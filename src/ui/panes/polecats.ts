import { selectPolecats, type PolecatRow } from '../selectors/index.js';
import { statusToken } from '../theme/index.js';
import { attach, land, nudge, openDetail, spawnPicked, stop } from './actions.js';
import { answerActions } from './answer-actions.js';
import { age, col } from './column.js';
import { definePane } from './controller.js';

const detail = (r: PolecatRow, _s: unknown, now: number) => ({
  title: `${r.rig}/${r.name} — ${r.state}`,
  lines: [
    `issue    ${r.issue}  ${r.issueTitle}`,
    `state    ${r.state} for ${age(now, r.since)}: ${r.reason}`,
    `activity ${r.lastActivity ? `${age(now, r.lastActivity)} ago` : 'none seen'}`,
    `agent    ${r.agent}${r.model ? ` (${r.model})` : ''}${r.tier !== undefined ? `, tier ${r.tier}` : ''}`,
    `branch   ${r.branch}`,
    `session  ${r.session}`,
  ],
});

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
    col.state(
      'STATE',
      8,
      (r) => r.state,
      (r) => statusToken(r.state),
    ),
    col.age(now, 'AGE', (r) => r.since),
    col.age(now, 'LAST', (r) => r.lastActivity, 4, 'act'),
    col.text('tier', 'T', 2, (r) => (r.tier === undefined ? '-' : String(r.tier))),
    col.flex('reason', 'REASON', (r) => r.reason),
  ],
  filterText: (r) => `${r.name} ${r.rig} ${r.issue} ${r.state} ${r.reason} ${r.issueTitle}`,
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
