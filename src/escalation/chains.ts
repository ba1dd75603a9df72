import { z } from 'zod';
import { NAME_PATTERN } from '../core/names.js';
import { Duration } from '../core/duration.js';
import { readYamlConfig, tryReadYamlConfig } from '../core/yaml-config.js';
import type { TownPaths } from '../town/paths.js';
import type { Bead } from '../town/schemas/bead.js';
import { Version } from '../town/schemas/common.js';

export const CHAINS_CONFIG_FILE = 'chains.yaml';

const TierName = z.string().regex(NAME_PATTERN, 'expected a tier name of a-z, 0-9, - or _');

/** One tier: an agent preset and (optionally) the model it runs. */
export const TierSpec = z.looseObject({
  preset: z.string().regex(NAME_PATTERN, 'expected an agent preset name'),
  model: z.string().min(1).max(200).optional(),
});

const OneOrMany = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));

/** A route sends issues to a chain; the first route that matches wins. */
export const Route = z.looseObject({
  /** Issue types (task, bug, feature, chore); any of them matches. */
  type: OneOrMany.optional(),
  /** Labels; an issue with any of them matches. */
  labels: OneOrMany.optional(),
  /** Only issues of this rig. */
  rig: z.string().optional(),
  chain: TierName,
});

export const Verifier = z.looseObject({
  /** argv run in the polecat's worktree once it is done; exit 0 accepts. Never run through a shell. */
  command: z.array(z.string().min(1)).min(1),
  timeout: Duration.default(300_000),
});

export const ChainsConfig = z
  .looseObject({
    version: Version.default(1),
    tiers: z.record(TierName, TierSpec).default({}),
    chains: z.record(TierName, z.array(TierName).min(1, 'a chain needs at least one tier')).default({}),
    routes: z.array(Route).default([]),
    /** Chain for issues no route matches; absent: the rig's default_agent, one tier, no escalation. */
    default_chain: TierName.optional(),
    verifier: Verifier.optional(),
  })
  .superRefine((c, ctx) => {
    for (const [name, tiers] of Object.entries(c.chains)) {
      tiers.forEach((t, i) => {
        if (!c.tiers[t])
          ctx.addIssue({
            code: 'custom',
            path: ['chains', name, i],
            message: `unknown tier ${JSON.stringify(t)}`,
          });
      });
    }
    c.routes.forEach((r, i) => {
      if (!c.chains[r.chain])
        ctx.addIssue({
          code: 'custom',
          path: ['routes', i, 'chain'],
          message: `unknown chain ${JSON.stringify(r.chain)}`,
        });
    });
    if (c.default_chain && !c.chains[c.default_chain])
      ctx.addIssue({
        code: 'custom',
        path: ['default_chain'],
        message: `unknown chain ${JSON.stringify(c.default_chain)}`,
      });
  });
export type ChainsConfig = z.infer<typeof ChainsConfig>;

/** One step of a resolved chain. */
export type Tier = { index: number; name: string; preset: string; model?: string };

export type ResolvedChain = {
  name: string;
  tiers: Tier[];
  pinned: boolean;
  /** No route matched and there is no default_chain: the rig's default_agent alone. */
  fallback?: true;
};

export function emptyChains(): ChainsConfig {
  return ChainsConfig.parse({});
}

export function loadChains(paths: TownPaths): ChainsConfig {
  return readYamlConfig(paths.configFile(CHAINS_CONFIG_FILE), ChainsConfig);
}

export function validateChainsFile(path: string): string | undefined {
  const r = tryReadYamlConfig(path, ChainsConfig);
  return r.ok ? undefined : r.message;
}

function routeMatches(r: z.infer<typeof Route>, issue: Bead, rig: string): boolean {
  if (r.rig !== undefined && r.rig !== rig) return false;
  if (r.type && !r.type.includes(issue.issue_type)) return false;
  if (r.labels && !r.labels.some((l) => issue.labels.includes(l))) return false;
  return true;
}

/**
 * The chain of tiers for an issue: a pin (`spawn --agent P`) is one tier and
 * never escalates; else the first matching route, else default_chain, else
 * the rig's default agent alone.
 */
export function resolveChain(
  chains: ChainsConfig,
  issue: Bead,
  rig: { name: string; default_agent: string },
  pin?: { preset: string; model?: string },
): ResolvedChain {
  if (pin) return { name: 'pinned', pinned: true, tiers: [{ index: 0, name: 'pinned', ...pin }] };
  const route = chains.routes.find((r) => routeMatches(r, issue, rig.name));
  const chainName = route?.chain ?? chains.default_chain;
  const names = chainName ? chains.chains[chainName] : undefined;
  if (!chainName || !names) {
    return {
      name: 'default',
      pinned: false,
      fallback: true,
      tiers: [{ index: 0, name: 'default', preset: rig.default_agent }],
    };
  }
  return {
    name: chainName,
    pinned: false,
    tiers: names.map((n, index) => {
      const t = chains.tiers[n]!;
      return { index, name: n, preset: t.preset, ...(t.model ? { model: t.model } : {}) };
    }),
  };
}
