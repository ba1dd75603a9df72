import type { CommandModule } from '../context.js';
import { table } from '../format.js';
import { mergeQueueRows, rejectMergeRequest, retryMergeRequest } from '../../refinery/queue-ops.js';

export const mqCommand: CommandModule = (program, ctx) => {
  const mq = program.command('mq').description('the merge queue: list, retry and reject merge requests');
  mq.command('list')
    .description('merge requests of RIG (default: all rigs); active ones unless --all')
    .argument('[rig]', 'rig name')
    .option('--all', 'include merged and rejected requests')
    .action((rig: string | undefined, o: { all?: boolean }) => {
      const rows = mergeQueueRows(ctx.town(), rig, { all: o.all });
      ctx.print(
        rows,
        () =>
          table(
            ['ID', 'RIG', 'STATE', 'P', 'AGE', 'BRANCH', 'ISSUE', 'WORKER', 'NOTE'],
            rows.map((r) => [r.id, r.rig, r.state, r.priority, r.age, r.branch, r.issue, r.worker, r.note]),
          ) || 'merge queue is empty',
      );
    });
  mq.command('retry')
    .description('put a conflicted, failed or rejected request back in the queue')
    .argument('<mr>', 'merge request id')
    .action(async (id: string) => {
      const mr = await retryMergeRequest(ctx.town(), id);
      const blocked = mergeQueueRows(ctx.town(), mr.mr.rig).find((r) => r.id === id)?.blockedBy ?? [];
      ctx.print(
        mr,
        () => `${id} queued${blocked.length ? ` (waits for ${blocked.join(', ')} to be closed)` : ''}`,
      );
    });
  mq.command('reject')
    .description('reject a request: it will not be landed')
    .argument('<mr>', 'merge request id')
    .requiredOption('--reason <reason>', 'why (recorded and mailed to the polecat)')
    .action(async (id: string, o: { reason: string }) => {
      const mr = await rejectMergeRequest(ctx.town(), id, o.reason);
      ctx.print(mr, () => `${id} rejected`);
    });
};
