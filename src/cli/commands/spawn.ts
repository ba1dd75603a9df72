import type { CommandModule } from '../context.js';
import { spawnIssue, type ManualSpawn } from '../../escalation/manual-spawn.js';
import { refillInBackground } from '../../polecats/pool-background.js';

export const spawnCommand: CommandModule = (program, ctx) => {
  program
    .command('spawn')
    .description(
      "start a polecat on ISSUE: branch, worktree and a tmux session running an agent (tier 0 of the issue's escalation chain, unless --agent pins one)",
    )
    .argument('<issue>', 'issue id, e.g. web-a1b2')
    .option(
      '--agent <preset>',
      "pin an agent preset from config/agents.yaml: no escalation chain (default: the issue's chain from config/chains.yaml, else the rig's default_agent)",
    )
    .option('--name <name>', 'polecat name (default: the first free name of the pool)')
    .option('--model <model>', 'model for the agent, if its preset takes one')
    .option(
      '--outpost <name>',
      'run it on this outpost of config/outposts.yaml, or `local` (default: here, else policy.preference when the rig is full)',
    )
    .action(async (issue: string, o: { agent?: string; name?: string; model?: string; outpost?: string }) => {
      const town = ctx.town();
      const r = await spawnIssue(town, {
        issue,
        agent: o.agent,
        name: o.name,
        model: o.model,
        outpost: o.outpost,
      });
      // The spawn is done: top up the rig's warm worktrees in a detached process, not on this one's clock.
      if (r.polecat.outpost === 'local') refillInBackground(ctx.runner(), town, r.polecat.rig);
      const { call_token: _secret, ...shown } = r.polecat;
      ctx.print({ ...shown, escalation: escalationData(r), placement: r.placement ?? [] }, () =>
        [
          ...(r.placement ?? []),
          `spawned ${r.polecat.rig}/${r.polecat.name} (${r.polecat.agent}${r.polecat.model ? ` ${r.polecat.model}` : ''}) on ${issue}${r.polecat.outpost !== 'local' ? ` on outpost ${r.polecat.outpost}` : ''}`,
          `  ${escalationLine(r)}`,
          `  worktree ${r.worktree}`,
          `  branch   ${r.polecat.branch}`,
          `  session  ${r.session}   (overseer attach ${r.polecat.name} / overseer peek ${r.polecat.name})`,
        ].join('\n'),
      );
    });
};

function escalationData(r: ManualSpawn): Record<string, unknown> {
  if (r.mode === 'chain')
    return { mode: r.mode, chain: r.chain, tier: r.tier.index, tier_name: r.tier.name, attempt: r.attempt };
  if (r.mode === 'default') return { mode: r.mode, reason: r.why };
  return { mode: r.mode };
}

function escalationLine(r: ManualSpawn): string {
  switch (r.mode) {
    case 'chain':
      return `chain    ${r.chain}: tier ${r.tier.index + 1} of ${r.tiers} (${r.tier.name}), attempt ${r.attempt}; the daemon escalates to the next tier on failure`;
    case 'default':
      return `chain    none: ${r.why}; the rig's default_agent ${r.polecat.agent} runs without escalation`;
    case 'pinned':
      return `chain    none: --agent ${r.polecat.agent} pins this preset; no escalation`;
  }
}
