import type { CommandModule } from '../context.js';
import { OverseerError } from '../../core/errors.js';
import { resolvePolecat } from '../../polecats/resolve.js';
import { nudgePolecat } from '../../polecats/session-ops.js';

export const nudgeCommand: CommandModule = (program, ctx) => {
  program
    .command('nudge')
    .description("type MESSAGE into a polecat's agent (literally) and press Enter; says whether it landed")
    .argument('<polecat>', 'NAME or RIG/NAME')
    .argument('<message...>', 'the text to send')
    .action(async (polecat: string, words: string[]) => {
      const ref = resolvePolecat(ctx.town(), polecat);
      const r = await nudgePolecat(ref, words.join(' '));
      ctx.print(
        r,
        () => `${r.delivered ? 'delivered' : 'NOT delivered'} to ${ref.rig}/${ref.name}: ${r.detail}`,
      );
      if (!r.delivered)
        throw new OverseerError('nudge-failed', `nudge to ${ref.rig}/${ref.name} did not land`, {
          exitCode: 3,
        });
    });
};
