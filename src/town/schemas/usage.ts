import { z } from 'zod';
import { BeadId, Iso, Version } from './common.js';

/**
 * Token counts the way every vendor can be read into: input not served from
 * a cache, output (reasoning included), cache reads and cache writes.
 */
export const Tokens = z.object({
  input: z.number().int().nonnegative().default(0),
  output: z.number().int().nonnegative().default(0),
  cache_read: z.number().int().nonnegative().default(0),
  cache_write: z.number().int().nonnegative().default(0),
});
export type Tokens = z.infer<typeof Tokens>;

export const ZERO_TOKENS: Tokens = Object.freeze({ input: 0, output: 0, cache_read: 0, cache_write: 0 });

export function addTokens(a: Tokens, b: Tokens, sign = 1): Tokens {
  return {
    input: a.input + sign * b.input,
    output: a.output + sign * b.output,
    cache_read: a.cache_read + sign * b.cache_read,
    cache_write: a.cache_write + sign * b.cache_write,
  };
}

export function totalTokens(t: Tokens): number {
  return t.input + t.output + t.cache_read + t.cache_write;
}

/** Tokens by model name. */
export const ModelTokens = z.record(z.string(), Tokens);
export type ModelTokens = z.infer<typeof ModelTokens>;

export function addModelTokens(into: ModelTokens, model: string, t: Tokens): void {
  into[model] = addTokens(into[model] ?? ZERO_TOKENS, t);
}

export function sumModelTokens(m: ModelTokens): Tokens {
  return Object.values(m).reduce((a, b) => addTokens(a, b), ZERO_TOKENS);
}

/** Where the reader of one CLI record file stands (see core/log-cursor). */
export const FileCursor = z.looseObject({
  offset: z.number().int().nonnegative(),
  ino: z.number().int(),
  line: z.number().int().nonnegative(),
  head: z.string().optional(),
  tail: z.string().optional(),
  /** The model the file's later records are for (Codex names it once per turn). */
  model: z.string().optional(),
  /** Codex: the session's running total, so a repeated total adds nothing. */
  total: Tokens.optional(),
  /** Recent record ids and what each counted (tokens, model, day): a record written again (Claude, Gemini) replaces its count. */
  recent: z.array(z.tuple([z.string(), Tokens, z.string(), z.string()])).default([]),
});
export type FileCursor = z.infer<typeof FileCursor>;

/** One polecat's usage (one attempt at the issue). */
export const PolecatUsage = z.looseObject({
  polecat: z.string(),
  agent: z.string(),
  /** Which CLI's records were read: claude, codex, gemini; none when the CLI keeps none we can read. */
  reader: z.string(),
  attempt: z.string().optional(),
  tier: z.number().int().nonnegative().optional(),
  /** The polecat's worktree: its CLI's records are found by it, also after the polecat is gone. */
  worktree: z.string().optional(),
  created_at: Iso,
  updated_at: Iso,
  /** The polecat is gone and its records were read to their end. */
  final: z.boolean().optional(),
  /** Why there is nothing to show (instead of a 0 that looks like a measurement). */
  note: z.string().optional(),
  files: z.record(z.string(), FileCursor).default({}),
  by_model: ModelTokens.default({}),
  /** UTC day (YYYY-MM-DD) → model → tokens: the rig's daily budget. */
  by_day: z.record(z.string(), ModelTokens).default({}),
});
export type PolecatUsage = z.infer<typeof PolecatUsage>;

/** <rig>/.runtime/usage/<issue>.json: every polecat that worked on the issue, by `name@born`. */
export const IssueUsage = z.looseObject({
  version: Version,
  rig: z.string(),
  issue: BeadId,
  updated_at: Iso,
  polecats: z.record(z.string(), PolecatUsage).default({}),
});
export type IssueUsage = z.infer<typeof IssueUsage>;

/** A usage entry's key: the polecat and when it was born (a name is reused by later polecats). */
export function usageKey(polecat: string, createdAt: string): string {
  return `${polecat}@${createdAt}`;
}
