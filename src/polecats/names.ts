import { existsSync } from 'node:fs';
import type { RigPaths } from '../town/paths.js';
import { branchExists } from '../runtime/worktree.js';
import { polecatBranch } from '../town/schemas/polecat.js';

/** Polecat names: a themed pool first, then numbered fallbacks. */
export const NAME_POOL = [
  'furiosa',
  'nux',
  'slit',
  'rictus',
  'toast',
  'capable',
  'dag',
  'cheedo',
  'max',
  'ace',
  'morsov',
  'keeper',
  'valkyrie',
  'glory',
  'corpus',
  'scrotus',
  'organic',
  'splendid',
  'coma',
  'miss-giddy',
] as const;

/** A name is free when no state file, no worktree directory and no branch carry it. */
export async function isNameFree(rig: RigPaths, name: string): Promise<boolean> {
  if (existsSync(rig.polecatState(name)) || existsSync(rig.worktree(name))) return false;
  return !(await branchExists(rig.canonicalClone, polecatBranch(name)));
}

/** The first free name: the pool in order, then polecat-2, polecat-3, ... */
export async function pickFreeName(rig: RigPaths, taken: ReadonlySet<string> = new Set()): Promise<string> {
  for (const name of NAME_POOL) if (!taken.has(name) && (await isNameFree(rig, name))) return name;
  for (let i = 2; ; i++) {
    const name = `polecat-${i}`;
    if (!taken.has(name) && (await isNameFree(rig, name))) return name;
  }
}
