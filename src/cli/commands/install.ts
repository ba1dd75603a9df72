import type { CommandModule } from '../context.js';
import { installTown } from '../../town/install.js';

export const installCommand: CommandModule = (program, ctx) => {
  program
    .command('install')
    .description('create a town in DIR (default: the current directory)')
    .argument('[dir]', 'directory for the new town', '.')
    .option('--name <name>', 'town name (default: the directory name)')
    .action((dir: string, o: { name?: string }) => {
      const town = installTown({ dir, name: o.name });
      ctx.print(
        { root: town.root, name: town.file.name },
        () => `created town ${town.file.name} at ${town.root}`,
      );
    });
};
