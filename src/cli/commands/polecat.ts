import type { CommandModule } from '../context.js';
import { table } from '../format.js';
import { formatAge } from '../../core/time.js';
import { readPolecats } from '../../town/polecat-state.js';
import { currentStates, staleSince, statesNote } from '../states.js';
import { removePolecat } from '../../polecats/remove.js';
import { resolvePolecat } from '../../polecats/resolve.js';
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
      ctx.print(
        list.map((p) => ({ ...p, ...staleSince(view) })),
        () =>
          [
            ...note,
            table(
              ['POLECAT', 'ISSUE', 'AGENT', 'STATE', 'FOR', 'WHY'],
              list.map((p) => [
                `${p.rig}/${p.name}`,
                p.issue,
                p.agent,
                p.state,
                formatAge(now - Date.parse(p.state_since)),
                p.state_reason,
              ]),
            ) || 'no polecats',
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
