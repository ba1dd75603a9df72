import type { CommandModule } from '../context.js';
import { table, intOption } from '../format.js';
import { addRig, listRigs } from '../../town/rigs.js';
import { rigGit } from '../../runtime/git.js';

export const rigCommand: CommandModule = (program, ctx) => {
  const rig = program.command('rig').description('manage rigs (project repositories)');
  rig
    .command('add')
    .description('add a rig: clone the repository for the mayor and the refinery')
    .argument('<name>', 'rig name (a-z, 0-9, -, _)')
    .argument('<git-url-or-path>', 'repository to manage')
    .option('--prefix <prefix>', 'beads id prefix (default: from the name)')
    .option('--branch <branch>', 'default branch (default: the repository HEAD)')
    .option('--test-command <cmd>', 'command the refinery runs before landing')
    .option('--max-workers <n>', 'most polecats at once', intOption('--max-workers', { min: 1 }))
    .action(
      async (
        name: string,
        source: string,
        o: { prefix?: string; branch?: string; testCommand?: string; maxWorkers?: number },
      ) => {
        const config = await addRig(
          ctx.town(),
          {
            name,
            source,
            prefix: o.prefix,
            branch: o.branch,
            testCommand: o.testCommand,
            maxWorkers: o.maxWorkers,
          },
          rigGit(ctx.runner()),
        );
        ctx.print(
          config,
          () => `added rig ${config.name} (prefix ${config.beads.prefix}, branch ${config.default_branch})`,
        );
      },
    );
  rig
    .command('list')
    .description('list rigs')
    .action(() => {
      const rigs = listRigs(ctx.town());
      ctx.print(
        rigs.map((r) => r.config),
        () =>
          table(
            ['RIG', 'PREFIX', 'BRANCH', 'WORKERS', 'SOURCE'],
            rigs.map((r) => [
              r.name,
              r.config.beads.prefix,
              r.config.default_branch,
              r.config.max_workers,
              r.config.git_url,
            ]),
          ) || 'no rigs yet: overseer rig add NAME REPO',
      );
    });
};
