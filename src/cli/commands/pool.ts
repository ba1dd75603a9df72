import type { CommandModule } from '../context.js';
import { refillPool } from '../../polecats/pool.js';

/** `overseer pool refill RIG`: hidden; run detached after a spawn to top up the rig's warm worktrees. */
export const poolCommand: CommandModule = (program, ctx) => {
  const pool = program
    .command('pool', { hidden: true })
    .description("the rig's warm worktree pool (config: warm_worktrees)");
  pool
    .command('refill')
    .description('bring the pool of RIG to warm_worktrees ready worktrees')
    .argument('<rig>', 'rig name')
    .action(async (rig: string) => {
      const town = ctx.town();
      const r = await refillPool(ctx.runner(), town.rigPaths(rig), town.rig(rig));
      ctx.print(
        r,
        () =>
          `pool ${rig}: ${r.want} wanted; made ${r.made.length}, trimmed ${r.trimmed.length}, discarded ${r.discarded.length} leftover(s)`,
      );
    });
};
