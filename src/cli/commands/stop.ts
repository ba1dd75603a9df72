import type { CommandModule } from '../context.js';
import { resolvePolecat } from '../../polecats/resolve.js';
import { processNote, stopPolecat } from '../../polecats/session-ops.js';

export const stopCommand: CommandModule = (program, ctx) => {
  program
    .command('stop')
    .description(
      "end a polecat's session and every process of its agent (Ctrl-C first; --force kills at once). Its worktree stays.",
    )
    .argument('<polecat>', 'NAME or RIG/NAME')
    .option('--force', 'kill the session without asking the agent to exit')
    .action(async (polecat: string, o: { force?: boolean }) => {
      const ref = resolvePolecat(ctx.town(), polecat);
      const r = await stopPolecat(ref, { force: o.force });
      ctx.print(r, () =>
        r.hadSession
          ? `stopped ${ref.rig}/${ref.name}; worktree ${ref.state.worktree} kept (remove with: overseer polecat rm ${ref.name})${processNote(r)}`
          : `${ref.rig}/${ref.name} had no running session${processNote(r)}`,
      );
    });
};
