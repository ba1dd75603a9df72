import { readdirSync, rmSync } from 'node:fs';
import { sep } from 'node:path';
import { fileStamp } from '../core/file-memo.js';
import { type FileProblem, type ReadResult, tryReadJson, writeJsonAtomic } from '../core/json-file.js';
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

/**
 * State files as last read, by path, while each stays the same file (inode,
 * size, times): the daemon reads every polecat several times a tick, and an
 * idle one's file does not change. Values are frozen: shared by every reader.
 */
const readCache = new Map<string, { stamp: string; r: ReadResult<PolecatState> }>();

function readState(file: string): ReadResult<PolecatState> {
  const stamp = fileStamp(file);
  const hit = readCache.get(file);
  if (hit?.stamp === stamp) return hit.r;
  const r = tryReadJson(file, PolecatState);
  if (r.ok) deepFreeze(r.value);
  readCache.set(file, { stamp, r });
  return r;
}

function deepFreeze(v: unknown): void {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return;
  Object.freeze(v);
  for (const x of Object.values(v)) deepFreeze(x);
}

export function readPolecats(rig: RigPaths): { polecats: PolecatState[]; problems: FileProblem[] } {
  const polecats: PolecatState[] = [];
  const problems: FileProblem[] = [];
  const names = polecatNames(rig);
  for (const name of names) {
    const r = readState(rig.polecatState(name));
    if (r.ok) polecats.push(r.value);
    else if (r.problem.kind !== 'missing') problems.push(r.problem);
  }
  // Forget the files of polecats gone from this rig.
  const kept = new Set(names.map((n) => rig.polecatState(n)));
  const dir = rig.polecatStateDir + sep;
  for (const file of readCache.keys()) if (file.startsWith(dir) && !kept.has(file)) readCache.delete(file);
  return { polecats, problems };
}

export function readPolecat(rig: RigPaths, name: string): PolecatState | undefined {
  const r = readState(rig.polecatState(name));
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
