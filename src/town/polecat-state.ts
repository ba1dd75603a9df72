import { readdirSync, rmSync } from 'node:fs';
import { type FileProblem, tryReadJson, writeJsonAtomic } from '../core/json-file.js';
import { withLock } from '../core/lock.js';
import { nowIso } from '../core/time.js';
import type { RigPaths } from './paths.js';
import { PolecatState } from './schemas/polecat.js';

/** Polecat state files: <rig>/.runtime/polecats/<name>.json. */

export function polecatNames(rig: RigPaths): string[] {
  try {
    return readdirSync(rig.polecatStateDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -5))
      .sort();
  } catch {
    return [];
  }
}

export function readPolecats(rig: RigPaths): { polecats: PolecatState[]; problems: FileProblem[] } {
  const polecats: PolecatState[] = [];
  const problems: FileProblem[] = [];
  for (const name of polecatNames(rig)) {
    const r = tryReadJson(rig.polecatState(name), PolecatState);
    if (r.ok) polecats.push(r.value);
    else if (r.problem.kind !== 'missing') problems.push(r.problem);
  }
  return { polecats, problems };
}

export function readPolecat(rig: RigPaths, name: string): PolecatState | undefined {
  const r = tryReadJson(rig.polecatState(name), PolecatState);
  return r.ok ? r.value : undefined;
}

export async function writePolecat(rig: RigPaths, state: PolecatState): Promise<void> {
  await writeJsonAtomic(rig.polecatState(state.name), PolecatState.parse({ ...state, updated_at: nowIso() }));
}

export function removePolecatState(rig: RigPaths, name: string): void {
  rmSync(rig.polecatState(name), { force: true });
}

/**
 * Read-modify-write of one polecat state file under its lock, so a hook's
 * signal and the daemon's refresh never overwrite each other. `fn` returns
 * the new state, or undefined to leave the file alone.
 */
export async function updatePolecat(
  rig: RigPaths,
  name: string,
  fn: (current: PolecatState) => PolecatState | undefined,
): Promise<PolecatState | undefined> {
  return withLock(rig.polecatState(name), async () => {
    const current = readPolecat(rig, name);
    if (!current) return undefined;
    const next = fn(current);
    if (next === undefined) return current;
    await writePolecat(rig, next);
    return next;
  });
}
