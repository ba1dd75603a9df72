import type { CommandModule } from '../context.js';
import { table } from '../format.js';
import { formatAge } from '../../core/time.js';
import { readPolecats } from '../../town/polecat-state.js';
import { currentStates, staleSince, statesNote } from '../states.js';
import { removePolecat } from '../../polecats/remove.js';
import { resolvePolecat } from '../../polecats/resolve.js';
import { polecatFigures, shortBytes, shortCount } from '../../town/polecat-figures.js';
import { loadPrices, type Prices } from '../../town/prices.js';
import { outpostStale } from '../../town/outposts.js';
import { restartPolecat } from '../../daemon/restart.js';

export const polecatCommand: CommandModule = (program, ctx) => {
  const polecat = program.command('polecat').description('list and remove polecats');
  polecat
    .command('list')
    .description(
      "polecats with their state and why (from tmux when no daemon runs; marked stale when the daemon's view is old)",
    )
    .option('--rig <rig>', 'only this rig')
    .action(async (o: { rig?: string }) => {
      const town = ctx.town();
      const rigs = o.rig ? [town.rig(o.rig).name] : town.rigNames();
      const view = await currentStates(town, ctx.runner(), o.rig);
      const list = rigs
        .flatMap((r) => readPolecats(town.rigPaths(r)).polecats)
        .sort((a, b) => a.rig.localeCompare(b.rig) || a.name.localeCompare(b.name));
      const now = Date.now();
      const note = statesNote(view, now);
      let prices: Prices | undefined;
      try {
        prices = loadPrices(town.paths);
      } catch {
        /* a broken price table: tokens without cost (`overseer doctor` names the problem) */
      }
      const figures = list.map((p) => polecatFigures(town.rigPaths(p.rig), p, prices));
      // A polecat on an outpost that stopped answering keeps its last known state, marked stale.
      const away = (p: (typeof list)[number]) =>
        p.outpost === 'local' ? undefined : outpostStale(town.paths, p.outpost);
      ctx.print(
        list.map(({ call_token: _secret, ...p }, i) => {
          const since = away(p);
          return {
            ...p,
            ...staleSince(view),
            ...(since ? { outpost_stale_since: since } : {}),
            ...figures[i],
          };
        }),
        () =>
          [
            ...note,
            table(
              ['POLECAT', 'HOST', 'ISSUE', 'AGENT', 'STATE', 'FOR', 'TOKENS', 'COST~', 'CPU', 'MEM', 'WHY'],
              list.map((p, i) => {
                const f = figures[i]!;
                const since = away(p);
                return [
                  `${p.rig}/${p.name}`,
                  p.outpost,
                  p.issue,
                  p.agent,
                  since ? `${p.state} (stale)` : p.state,
                  formatAge(now - Date.parse(p.state_since)),
                  f.tokens ? shortCount(f.tokens.total) : '-',
                  f.cost_usd !== undefined ? `$${f.cost_usd.toFixed(2)}` : '-',
                  f.cpu_pct !== undefined ? `${Math.round(f.cpu_pct)}%` : '-',
                  f.rss_bytes !== undefined ? shortBytes(f.rss_bytes) : '-',
                  since
                    ? `outpost ${p.outpost} unreachable since ${since}; last known: ${p.state_reason}`
                    : p.state_reason,
                ];
              }),
            ) || 'no polecats',
            ...(figures.some((f) => f.cost_usd !== undefined)
              ? [
                  'COST~: an estimate, tokens x config/prices.yaml; CPU/MEM: the whole process tree, as the daemon last sampled it',
                ]
              : []),
          ].join('\n'),
      );
    });
  polecat
    .command('rm')
    .description("remove a polecat's session, worktree and branch; refuses if that would lose work")
    .argument('<polecat>', 'NAME or RIG/NAME')
    .action(async (name: string) => {
      const ref = resolvePolecat(ctx.town(), name);
      const v = await removePolecat(ref);
      ctx.print(
        v,
        () =>
          `removed ${ref.rig}/${ref.name}: worktree, branch ${ref.state.branch} and session (nothing unlanded)`,
      );
    });
  polecat
    .command('restart')
    .description('start a fresh session of its agent in the kept worktree (a stopped, dead or stuck polecat)')
    .argument('<polecat>', 'NAME or RIG/NAME')
    .option('--feedback <text>', 'add this to its prompt (e.g. what failed)')
    .action(async (name: string, o: { feedback?: string }) => {
      const ref = resolvePolecat(ctx.town(), name);
      const r = await restartPolecat(ref, { feedback: o.feedback });
      ctx.print(r, () => `restarted ${ref.rig}/${ref.name} in session ${r.session} (was ${r.was})`);
    });
};
