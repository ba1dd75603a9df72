import type { CommandModule } from '../context.js';
import { table } from '../format.js';
import { formatAge } from '../../core/time.js';
import { listPolecats } from '../../polecats/list.js';
import { removePolecat } from '../../polecats/remove.js';
import { resolvePolecat } from '../../polecats/resolve.js';
import { restartPolecat } from '../../daemon/restart.js';

export const polecatCommand: CommandModule = (program, ctx) => {
  const polecat = program.command('polecat').description('list and remove polecats');
  polecat
    .command('list')
    .description('polecats with their state and why (refreshed from tmux)')
    .option('--rig <rig>', 'only this rig')
    .action(async (o: { rig?: string }) => {
      const list = await listPolecats(ctx.town(), { rig: o.rig });
      const now = Date.now();
      ctx.print(
        list,
        () =>
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
