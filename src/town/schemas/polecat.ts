import { z } from 'zod';
import { NAME_PATTERN } from '../../core/names.js';
import { BeadId, Iso, Name, Version } from './common.js';

export const POLECAT_STATES = [
  'spawning',
  'working',
  'waiting',
  'idle',
  'error',
  'done',
  'stuck',
  'dead',
] as const;
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
  /** On an outpost: the secret its agent's calls carry (it may act only as this polecat). */
  call_token: z.string().optional(),
  /** On an outpost that stopped answering: since when (the state is its last known one). */
  outpost_stale_since: Iso.optional(),
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

/** States of a polecat whose session is meant to run: it holds a worker slot and its issue. */
export const LIVE_STATES: ReadonlySet<PolecatStateName> = new Set<PolecatStateName>([
  'spawning',
  'working',
  'waiting',
  'idle',
  'error',
  'stuck',
]);

export function isLive(state: string): boolean {
  return LIVE_STATES.has(state as PolecatStateName);
}

/** A polecat's git branch: `polecat/NAME`. */
export function polecatBranch(name: string): string {
  return `polecat/${name}`;
}

/** A polecat's mail address (and actor name): `RIG/polecats/NAME`. */
export function polecatAddress(rig: string, name: string): string {
  return `${rig}/polecats/${name}`;
}

/** A rig role's mail address: `RIG/witness`, `RIG/refinery`. */
export function roleAddress(rig: string, role: 'witness' | 'refinery'): string {
  return `${rig}/${role}`;
}

/** The polecat's name from an address or a bare name ("nux", "rig/polecats/nux"); undefined if not a name. */
export function polecatOfAddress(worker: string): string | undefined {
  const name = worker.split('/').pop() ?? '';
  return NAME_PATTERN.test(name) ? name : undefined;
}
