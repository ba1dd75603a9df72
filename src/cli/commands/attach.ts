import type { CommandModule } from '../context.js';
import { resolvePolecat } from '../../polecats/resolve.js';
import { attachPolecat } from '../../polecats/session-ops.js';

export const attachCommand: CommandModule = (program, ctx) => {
  program
    .command('attach')
    .description(
      "open a polecat's session: beside this pane inside tmux, else in this terminal until you detach",
    )
    .argument('<polecat>', 'NAME or RIG/NAME')
    .option('--window', 'inside tmux: open a new window instead of splitting the pane')
    .option('--split', 'inside tmux: split the current pane')
    .action(async (polecat: string, o: { window?: boolean; split?: boolean }) => {
      const ref = resolvePolecat(ctx.town(), polecat);
      const mode = o.window ? 'window' : o.split ? 'split' : undefined;
      const r = await attachPolecat(ref, { mode });
      if (r.kind === 'tmux-pane') ctx.print(r, () => `opened ${ref.state.session} in pane ${r.paneId}`);
    });
};
