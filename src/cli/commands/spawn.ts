import type { CommandModule } from '../context.js';
import { spawnPolecat } from '../../polecats/spawn.js';

export const spawnCommand: CommandModule = (program, ctx) => {
  program
    .command('spawn')
    .description('start a polecat on ISSUE: branch, worktree and a tmux session running an agent')
    .argument('<issue>', 'issue id, e.g. web-a1b2')
    .option('--agent <preset>', "agent preset from config/agents.yaml (default: the rig's default_agent)")
    .option('--name <name>', 'polecat name (default: the first free name of the pool)')
    .option('--model <model>', 'model for the agent, if its preset takes one')
    .action(async (issue: string, o: { agent?: string; name?: string; model?: string }) => {
      const r = await spawnPolecat(ctx.town(), { issue, agent: o.agent, name: o.name, model: o.model });
      ctx.print(r.polecat, () =>
        [
          `spawned ${r.polecat.rig}/${r.polecat.name} (${r.polecat.agent}) on ${issue}`,
          `  worktree ${r.worktree}`,
          `  branch   ${r.polecat.branch}`,
          `  session  ${r.session}   (overseer attach ${r.polecat.name} / overseer peek ${r.polecat.name})`,
        ].join('\n'),
      );
    });
};
