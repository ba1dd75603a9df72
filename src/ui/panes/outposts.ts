import { shortBytes } from '../../town/polecat-figures.js';
import { selectOutposts, type OutpostPaneRow } from '../selectors/index.js';
import { openDetail } from './actions.js';
import { age, col } from './column.js';
import { definePane, type PaneAction } from './controller.js';

const bytes = (n: number | undefined) => (n === undefined ? '-' : shortBytes(n));
const reach = (r: OutpostPaneRow, now: number) =>
  r.reachable ? 'up' : r.staleSince !== undefined ? `STALE ${age(now, r.staleSince)}` : 'STALE';

const detail = (r: OutpostPaneRow, _s: unknown, now: number) => ({
  title: `outpost ${r.name}: ${r.reachable ? 'reachable' : 'unreachable'}`,
  lines: [
    `state     ${r.reachable ? `reachable, ${r.latencyMs ?? '?'} ms round trip` : `stale for ${age(now, r.staleSince)}`}`,
    `answered  ${r.lastOk !== undefined ? `${age(now, r.lastOk)} ago` : 'never'}`,
    `slots     ${r.used}/${r.max}`,
    `polecats  ${r.polecats.join(', ') || 'none'}`,
    `their CPU ${r.cpuPct !== undefined ? `${Math.round(r.cpuPct)}%` : '-'}, memory ${bytes(r.rssBytes)}`,
    `load      ${r.load1 !== undefined ? `${r.load1.toFixed(2)} on ${r.cpus} CPUs` : '-'}`,
    `memory    ${bytes(r.memAvail)} available of ${bytes(r.memTotal)}`,
    `disk      ${bytes(r.diskFree)} free of ${bytes(r.diskTotal)}`,
    ...(r.error ? ['', `last error: ${r.error}`] : []),
    '',
    `as of the daemon's last tick (or a ping); overseer outpost status ${r.name}`,
  ],
});

const needsRow = (r: OutpostPaneRow | undefined) => (r === undefined ? 'no outpost selected' : undefined);

/** p: one round trip now. */
const ping: PaneAction<OutpostPaneRow> = {
  command: 'outpost.ping',
  disabled: needsRow,
  run: (ui, r) => ui.run(`ping ${r!.name}`, () => ui.actions.pingOutpost(r!.key)),
};

/** c: what the host has and lacks, in a detail view. */
const check: PaneAction<OutpostPaneRow> = {
  command: 'outpost.check',
  disabled: needsRow,
  run: (ui, r) =>
    ui.run(`check ${r!.name}`, async () => {
      const c = await ui.actions.checkOutpost(r!.key);
      ui.open({
        kind: 'detail',
        title: `outpost check ${r!.name}: ${c.ok ? 'ready' : 'something is missing'}`,
        lines: c.items.map((i) => `${i.ok ? '✓' : '✗'} ${i.what.padEnd(16)} ${i.detail}`),
      });
      return `${r!.name}: ${c.items.filter((i) => !i.ok).length} missing`;
    }),
};

/** a: a shell there. */
const shell: PaneAction<OutpostPaneRow> = {
  command: 'action.attach',
  disabled: (r) => needsRow(r) ?? (r!.reachable ? undefined : `${r!.name} is unreachable`),
  run: (ui, r) => ui.run(`shell on ${r!.name}`, () => ui.actions.outpostShell(r!.key)),
};

/** The outposts: reachable or stale since when, latency, slots, their polecats and the host's resources. */
export const outpostsPane = definePane<OutpostPaneRow>({
  id: 'outposts',
  title: 'Outposts',
  context: 'outposts',
  rows: selectOutposts,
  key: (r) => r.key,
  columns: (now) => [
    col.text('name', 'OUTPOST', 9, (r) => r.name),
    col.state(
      'STATE',
      8,
      (r) => reach(r, now),
      (r) => (r.reachable ? 'status.success' : 'status.warning'),
    ),
    col.text('lat', 'LAT', 5, (r) => (r.reachable && r.latencyMs !== undefined ? `${r.latencyMs}ms` : '-')),
    col.text('slots', 'SLOTS', 5, (r) => `${r.used}/${r.max}`),
    col.text('cpu', 'CPU', 4, (r) => (r.cpuPct !== undefined ? `${Math.round(r.cpuPct)}%` : '-')),
    col.text('mem', 'MEM', 5, (r) => bytes(r.rssBytes)),
    col.text('load', 'LOAD', 6, (r) => (r.load1 !== undefined ? `${r.load1.toFixed(1)}/${r.cpus}` : '-')),
    col.text('disk', 'DISK', 6, (r) => bytes(r.diskFree)),
    col.flex('polecats', 'POLECATS', (r) => r.polecats.join(' ') || '-'),
  ],
  filterText: (r) => `${r.name} ${r.polecats.join(' ')} ${r.reachable ? 'up' : 'stale'}`,
  detail,
  empty: () => 'no outposts seen yet: they show with the daemon running (overseer outpost add adds one)',
  actions: [ping, check, shell, openDetail(detail)],
});
