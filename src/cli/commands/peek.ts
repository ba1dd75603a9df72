import type { CommandModule } from '../context.js';
import { intOption } from '../format.js';
import { resolvePolecat } from '../../polecats/resolve.js';
import { peekPolecat } from '../../polecats/session-ops.js';

export const peekCommand: CommandModule = (program, ctx) => {
  program
    .command('peek')
    .description("show the recent output of a polecat's pane (escape sequences removed)")
    .argument('<polecat>', 'NAME or RIG/NAME')
    .option('--lines <n>', 'how many lines', intOption('--lines', { min: 1 }), 40)
    .action(async (polecat: string, o: { lines: number }) => {
      const ref = resolvePolecat(ctx.town(), polecat);
      const text = await peekPolecat(ref, { lines: Math.max(1, o.lines) });
      ctx.print({ polecat: `${ref.rig}/${ref.name}`, text }, () => text);
    });
};
