import { resolveChain, type ResolvedChain, type ChainsConfig } from '../../escalation/chains.js';
import type { Attempt } from '../../town/schemas/attempt.js';
import { totalTokens } from '../../town/schemas/usage.js';
import type { Bead } from '../../town/schemas/bead.js';
import type { DaemonRig } from '../snapshot.js';
import { tail } from './common.js';

/** What the escalation step says about attempts: the chain one belongs to, its feedback, the trail. */

/** The chain an attempt belongs to (the one named in its record, else resolved again). */
export function chainFor(
  chains: ChainsConfig,
  rig: DaemonRig,
  issue: Bead,
  chainName: string | undefined,
): ResolvedChain {
  if (chainName === 'pinned') return { name: 'pinned', pinned: true, tiers: [] };
  if (chainName && chains.chains[chainName]) {
    const names = chains.chains[chainName];
    return {
      name: chainName,
      pinned: false,
      tiers: names.map((n, index) => {
        const t = chains.tiers[n]!;
        return { index, name: n, preset: t.preset, ...(t.model ? { model: t.model } : {}) };
      }),
    };
  }
  return resolveChain(chains, issue, { name: rig.name, default_agent: rig.config.default_agent });
}

export function feedbackSection(a: Attempt): string {
  const who = `${a.tier_name} (${a.preset}${a.model ? `, ${a.model}` : ''})`;
  return `Prior attempt ${a.attempt} by tier ${who} ended with verdict "${a.verdict}". Feedback:\n${a.feedback ?? '(none)'}`;
}

export function trail(attempts: Attempt[]): string {
  return attempts
    .map(
      (a) =>
        `- attempt ${a.attempt}: tier ${a.tier_name} (${a.preset}${a.model ? ` ${a.model}` : ''}) → ${a.verdict}` +
        `${a.duration_ms !== undefined ? ` after ${Math.round(a.duration_ms / 1000)}s` : ''}` +
        `${a.tokens ? `, spent ${totalTokens(a.tokens).toLocaleString('en-US')} tokens${a.cost_usd !== undefined ? ` (~$${a.cost_usd.toFixed(2)} est.)` : ''}` : ''}` +
        `${a.feedback ? `\n  ${tail(a.feedback, 600).replace(/\n/g, '\n  ')}` : ''}`,
    )
    .join('\n');
}

/** An escalated attempt in these states ends, and the chain moves on, with this feedback. */
export const STALLED_FEEDBACK: Partial<Record<string, string>> = {
  stuck: 'The previous attempt stopped making progress and stayed stuck after nudges.',
  working: 'The previous attempt stopped making progress and stayed stuck after nudges.',
  idle: 'The previous attempt kept ending its turn without finishing the issue or running `overseer done`.',
  error:
    'The previous attempt was blocked by a model error (rate limit, overload, authentication or network).',
};
