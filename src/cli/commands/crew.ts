import type { CommandModule } from '../context.js';
import { table } from '../format.js';
import { addCrew, attachCrew, listCrew, removeCrew } from '../../polecats/crew.js';

export const crewCommand: CommandModule = (program, ctx) => {
  const crew = program
    .command('crew')
    .description("crew workspaces: your own full clones at RIG/crew/NAME, sharing the rig's beads");
  crew
    .command('add')
    .description('clone the rig at RIG/crew/NAME (its default branch)')
    .argument('<rig>', 'rig name')
    .argument('<name>', 'workspace name (a-z, 0-9, -, _)')
    .action(async (rig: string, name: string) => {
      const c = await addCrew(ctx.town(), ctx.runner(), rig, name);
      ctx.print(
        c,
        () =>
          `crew workspace ${rig}/${name} at ${c.path} (${c.branch}); a shell there: overseer crew attach ${rig} ${name}`,
      );
    });
  crew
    .command('list')
    .description('crew workspaces with their branch, uncommitted files, unpushed commits and stashes')
    .option('--rig <rig>', 'only this rig')
    .action(async (o: { rig?: string }) => {
      const list = await listCrew(ctx.town(), ctx.runner(), o.rig);
      ctx.print(
        list,
        () =>
          table(
            ['CREW', 'BRANCH', 'UNCOMMITTED', 'UNPUSHED', 'STASHES', 'PATH'],
            list.map((c) => [
              `${c.rig}/${c.name}`,
              c.problem ? `? ${c.problem}` : c.branch,
              c.dirty,
              c.unpushed,
              c.stashes,
              c.path,
            ]),
          ) || 'no crew workspaces: overseer crew add RIG NAME',
      );
    });
  crew
    .command('rm')
    .description('remove a crew workspace; refuses while it holds uncommitted, unpushed or stashed work')
    .argument('<rig>', 'rig name')
    .argument('<name>', 'workspace name')
    .action(async (rig: string, name: string) => {
      const r = await removeCrew(ctx.town(), ctx.runner(), rig, name);
      ctx.print(r, () => `removed crew workspace ${rig}/${name} (${r.path}): nothing unpushed`);
    });
  crew
    .command('attach')
    .description('a shell in the crew workspace (tmux session on the town server): beside this pane, or here')
    .argument('<rig>', 'rig name')
    .argument('<name>', 'workspace name')
    .option('--window', 'inside tmux: open a new window instead of splitting the pane')
    .option('--split', 'inside tmux: split the current pane')
    .action(async (rig: string, name: string, o: { window?: boolean; split?: boolean }) => {
      const mode = o.window ? 'window' : o.split ? 'split' : undefined;
      const r = await attachCrew(ctx.town(), ctx.runner(), rig, name, { mode });
      if (r.kind === 'tmux-pane')
        ctx.print(r, () => `opened the shell of ${rig}/crew/${name} in pane ${r.paneId}`);
    });
};
