import { join } from 'node:path';
import { z } from 'zod';
import { tryReadJson, writeJsonAtomic } from '../core/json-file.js';
import { withLock } from '../core/lock.js';
import { nowIso } from '../core/time.js';
import type { TownPaths } from './paths.js';
import { Iso, Name, Version } from './schemas/common.js';

/**
 * <town>/.runtime/pause.json: the emergency stop's pause. While the town
 * (`all`) or a rig is paused the daemon starts no session there: no
 * dispatch, no next tier, no respawn, no cycle, no manager poke or respawn.
 * Merging, cleanup and GC go on. `overseer resume` removes the pause.
 */
const Entry = z.looseObject({ at: Iso, by: z.string(), reason: z.string() });
export type PauseEntry = z.infer<typeof Entry>;

export const PauseState = z.looseObject({
  version: Version,
  all: Entry.optional(),
  rigs: z.record(Name, Entry).default({}),
});
export type PauseState = z.infer<typeof PauseState>;

export function pauseFile(paths: TownPaths): string {
  return join(paths.runtimeDir, 'pause.json');
}

export const NOT_PAUSED: PauseState = { version: 1, rigs: {} };

/** The pause; a missing file is no pause. A damaged one is reported by the caller as it likes. */
export function readPause(paths: TownPaths): { pause: PauseState; problem?: string } {
  const r = tryReadJson(pauseFile(paths), PauseState);
  if (r.ok) return { pause: r.value };
  if (r.problem.kind === 'missing') return { pause: NOT_PAUSED };
  // Damaged: err on the safe side and keep the town paused until it is fixed or resumed.
  return {
    pause: { version: 1, all: { at: nowIso(), by: 'unknown', reason: r.problem.message }, rigs: {} },
    problem: r.problem.message,
  };
}

export function pausedBy(pause: PauseState, rig: string): PauseEntry | undefined {
  return pause.all ?? pause.rigs[rig];
}

export async function updatePause(paths: TownPaths, fn: (p: PauseState) => PauseState): Promise<PauseState> {
  const file = pauseFile(paths);
  return withLock(file, async () => {
    const r = tryReadJson(file, PauseState);
    const next = fn(r.ok ? r.value : { ...NOT_PAUSED, rigs: {} });
    await writeJsonAtomic(file, next);
    return next;
  });
}
