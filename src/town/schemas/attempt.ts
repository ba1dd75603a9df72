import { z } from 'zod';
import { BeadId, Iso, Version } from './common.js';
import { Tokens } from './usage.js';

export const VERDICTS = ['running', 'accept', 'escalate', 'error'] as const;

/** One line of <rig>/.runtime/attempts/<issue>.jsonl: one tier's try at an issue. */
export const Attempt = z.looseObject({
  version: Version.default(1),
  id: z.string(),
  issue: BeadId,
  rig: z.string(),
  attempt: z.number().int().min(1),
  tier: z.number().int().nonnegative(),
  tier_name: z.string(),
  preset: z.string(),
  model: z.string().optional(),
  polecat: z.string().optional(),
  started_at: Iso,
  ended_at: Iso.optional(),
  duration_ms: z.number().nonnegative().optional(),
  verdict: z.enum(VERDICTS),
  feedback: z.string().optional(),
  /** What the attempt spent, as sampled when it ended: tokens, and the estimated cost (config/prices.yaml). */
  tokens: Tokens.optional(),
  cost_usd: z.number().nonnegative().optional(),
});
export type Attempt = z.infer<typeof Attempt>;
