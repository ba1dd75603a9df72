import { z } from 'zod';
import { Iso, Version } from './common.js';

/**
 * <rig>/.runtime/oracle.json: what the merge oracle knows. Written by the
 * daemon only (atomically, and only when something changed); the cockpit,
 * `overseer overlaps` and the refinery read it.
 */

export const FILE_STATUSES = ['added', 'modified', 'deleted', 'renamed'] as const;

/** One file a branch changes against main, with its hunks on main's side. */
export const FileChange = z.looseObject({
  /** The path on the branch (for a deletion: the deleted path). */
  path: z.string().min(1),
  /** Renames: the path on main. */
  old_path: z.string().min(1).optional(),
  status: z.enum(FILE_STATUSES),
  binary: z.boolean().optional(),
  /** [start, count] of each hunk in main's version of the file (count 0: an insertion after `start`). */
  hunks: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])).default([]),
  added: z.number().int().nonnegative().default(0),
  removed: z.number().int().nonnegative().default(0),
});
export type FileChange = z.infer<typeof FileChange>;

export const OVERLAP_CLASSES = [
  'disjoint',
  'different-regions',
  'rename',
  'same-region',
  'delete-modify',
] as const;
export const OverlapClass = z.enum(OVERLAP_CLASSES);
export type OverlapClass = z.infer<typeof OverlapClass>;

/** A branch the oracle follows: a live polecat's, or a queued merge request's. */
export const OracleBranch = z.looseObject({
  /** Polecat name (or the request's worker). */
  owner: z.string(),
  issue: z.string().optional(),
  /** The queued merge request of this branch, if any. */
  mr: z.string().optional(),
  tip: z.string(),
  /** When the oracle first saw this tip. */
  seen_at: Iso,
  files: z.array(FileChange).default([]),
});
export type OracleBranch = z.infer<typeof OracleBranch>;

export const PairFile = z.looseObject({
  path: z.string(),
  class: OverlapClass,
  /** Same region: the span both touch, in main's line numbers. */
  lines: z.tuple([z.number().int(), z.number().int()]).optional(),
  detail: z.string().optional(),
});
export type PairFile = z.infer<typeof PairFile>;

/** Two branches that touch the same files (disjoint pairs are not stored). */
export const OraclePair = z.looseObject({
  /** `a|b`, branch names in sorted order. */
  key: z.string(),
  a: z.string(),
  b: z.string(),
  /** The polecats (or workers) of a and b. */
  owners: z.tuple([z.string(), z.string()]),
  class: OverlapClass,
  files: z.array(PairFile),
  /** The branch whose current tip the oracle saw last (the one to nudge). */
  later: z.string(),
  /** When the pair first had its current class. */
  since: Iso,
  /** One sentence: "nux and slit both change src/cart.ts lines 10–30". */
  summary: z.string(),
});
export type OraclePair = z.infer<typeof OraclePair>;

export const OracleFile = z.looseObject({
  version: Version,
  rig: z.string(),
  updated_at: Iso,
  main: z.looseObject({ ref: z.string(), sha: z.string() }),
  branches: z.record(z.string(), OracleBranch).default({}),
  pairs: z.array(OraclePair).default([]),
  /** Pair key → `class` last announced as an event (the daemon's bookkeeping). */
  announced: z.record(z.string(), z.string()).default({}),
});
export type OracleFile = z.infer<typeof OracleFile>;
