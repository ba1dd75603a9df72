import { z } from 'zod';
import { Iso, Version } from './common.js';

/** One polecat's machine use, as the daemon last sampled it. */
export const PolecatResources = z.looseObject({
  /** The polecat's birth (a later polecat of the same name starts afresh). */
  born: Iso,
  /** Processes carrying its agent mark (the agent and everything it started). */
  procs: z.number().int().nonnegative(),
  /** CPU of the whole tree since the previous sample; 100 = one core. */
  cpu_pct: z.number().nonnegative(),
  rss_bytes: z.number().nonnegative(),
  disk_bytes: z.number().nonnegative().optional(),
  disk_at: Iso.optional(),
  /** Since when the tree has been above the runaway CPU threshold. */
  cpu_high_since: Iso.optional(),
  /** When the runaway alert went out (once per polecat). */
  runaway_at: Iso.optional(),
  /** Its tokens (all four kinds) and estimated cost, from the usage ledger, for the cockpit's columns. */
  tokens: z.number().nonnegative().optional(),
  cost_usd: z.number().nonnegative().optional(),
  /** [epoch ms, cpu %, rss bytes, tokens] samples, oldest first, for the sparkline. */
  history: z.array(z.tuple([z.number(), z.number(), z.number(), z.number()])).default([]),
});
export type PolecatResources = z.infer<typeof PolecatResources>;

/** <rig>/.runtime/resources.json: written by the daemon each sampling pass. */
export const RigResources = z.looseObject({
  version: Version,
  sampled_at: Iso,
  polecats: z.record(z.string(), PolecatResources).default({}),
  /** The rig's tokens and estimated cost: in all, and today (UTC). */
  totals: z
    .looseObject({
      tokens: z.number().nonnegative(),
      cost_usd: z.number().nonnegative(),
      today_tokens: z.number().nonnegative(),
      today_cost_usd: z.number().nonnegative(),
    })
    .optional(),
});
export type RigResources = z.infer<typeof RigResources>;
