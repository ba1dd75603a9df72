import type { Command } from 'commander';
import type { CliContext, CommandModule } from '../context.js';
import { polecatDone } from '../../polecats/done.js';
import { resolveSelf } from '../../polecats/resolve.js';

function define(cmd: Command, ctx: CliContext): void {
  cmd.action(async () => {
    const ref = resolveSelf({ town: ctx.opts.town });
    const r = await polecatDone(ref);
    ctx.print(r, () =>
      r.outcome === 'unchanged'
        ? `merge request ${r.mr.id} for ${r.mr.mr.branch} is already ${r.mr.mr.state}; nothing new to submit`
        : `merge request ${r.mr.id} ${r.outcome === 'created' ? 'queued' : 'updated'} for ${r.mr.mr.branch} (${r.commits} commit(s)); the witness was told. You can stop now.`,
    );
  });
}

export const doneCommand: CommandModule = (program, ctx) => {
  define(
    program
      .command('done')
      .description(
        '(run by a polecat) submit this branch to the merge queue and ask the witness to shut it down',
      ),
    ctx,
  );
  define(program.command('handoff').description('alias of done'), ctx);
};
