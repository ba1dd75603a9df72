import { z } from 'zod';
import { BeadId, Iso, Name, Version } from './common.js';

export const POLECAT_STATES = ['spawning', 'working', 'waiting', 'idle', 'done', 'stuck', 'dead'] as const;
export const PolecatStateName = z.enum(POLECAT_STATES);
export type PolecatStateName = z.infer<typeof PolecatStateName>;

/** Where a state came from, most precise first. */
export const STATE_SOURCES = ['hook', 'pattern', 'activity', 'lifecycle', 'daemon', 'operator'] as const;

/** <rig>/.runtime/polecats/<name>.json: never inside the worktree. */
export const PolecatState = z.looseObject({
  version: Version,
  name: Name,
  rig: Name,
  issue: BeadId,
  branch: z.string(),
  worktree: z.string(),
  session: z.string(),
  agent: z.string(),
  model: z.string().optional(),
  tier: z.number().int().nonnegative().optional(),
  outpost: z.string().default('local'),
  state: PolecatStateName,
  state_source: z.enum(STATE_SOURCES),
  state_reason: z.string(),
  state_since: Iso,
  created_at: Iso,
  updated_at: Iso,
  last_activity_at: Iso.optional(),
  cycle_requested: z.boolean().optional(),
  prompt_file: z.string().optional(),
});
export type PolecatState = z.infer<typeof PolecatState>;
