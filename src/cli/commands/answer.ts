import type { CommandModule } from '../context.js';
import { OverseerError } from '../../core/errors.js';
import { answerPolecat, checkAnswerWords } from '../../polecats/answer.js';
import { resolvePolecat } from '../../polecats/resolve.js';
import { ANSWER_KEYS_HELP } from '../../runtime/answer-keys.js';

export const answerCommand: CommandModule = (program, ctx) => {
  program
    .command('answer')
    .description(
      `answer a polecat's question without attaching: send keys (${ANSWER_KEYS_HELP}; approve / deny: the preset's keys), then check the question went away`,
    )
    .argument('<polecat>', 'NAME or RIG/NAME')
    .argument('<keys...>', 'keys to send, in order')
    .action(async (polecat: string, keys: string[]) => {
      checkAnswerWords(keys);
      const ref = resolvePolecat(ctx.town(), polecat);
      const r = await answerPolecat(ref, keys);
      ctx.print(r, () => `${r.answered ? 'answered' : 'NOT answered'} ${ref.rig}/${ref.name}: ${r.detail}`);
      if (!r.answered)
        throw new OverseerError(
          'answer-unconfirmed',
          r.promptWasShown
            ? `the question of ${ref.rig}/${ref.name} is still shown`
            : `${ref.rig}/${ref.name} showed no question and did not react`,
          { exitCode: 3 },
        );
    });
};
