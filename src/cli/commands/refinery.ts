import type { CommandModule } from '../context.js';
import { processQueue } from '../../refinery/process.js';
import type { ProcessResult } from '../../refinery/process.js';
import { sanitizeLine } from '../../core/sanitize.js';

const line = (r: ProcessResult) => `${r.mr}: ${r.outcome} — ${sanitizeLine(r.reason, 200)}`;

export const refineryCommand: CommandModule = (program, ctx) => {
  const refinery = program.command('refinery').description("the rig's merge queue processor");
  refinery
    .command('process')
    .description('land queued merge requests of RIG one at a time: rebase onto main, test, push')
    .argument('<rig>', 'rig name')
    .option('--once', 'process at most one request')
    .action(async (rig: string, o: { once?: boolean }) => {
      const run = await processQueue(ctx.town(), rig, { once: o.once });
      ctx.print(run, () => {
        const lines = [...run.recovered.map((r) => `recovered ${line(r)}`), ...run.processed.map(line)];
        return lines.length ? lines.join('\n') : `nothing to process in ${rig}`;
      });
    });
};
