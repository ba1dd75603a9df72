import { existsSync } from 'node:fs';
import type { GitRepo } from '../runtime/git.js';
import type { RigPaths } from '../town/paths.js';
import type { Tmux } from '../runtime/tmux.js';
import { polecatSession, tmuxCall } from '../runtime/town-tmux.js';
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

/**
 * A name is free when no state file, no worktree directory and no branch
 * carry it, and it is not in `taken` (e.g. names whose tmux session exists).
 */
export async function isNameFree(
  canonical: GitRepo,
  rig: RigPaths,
  name: string,
  taken: ReadonlySet<string> = new Set(),
): Promise<boolean> {
  if (taken.has(name) || existsSync(rig.polecatState(name)) || existsSync(rig.worktree(name))) return false;
  return !(await branchExists(canonical, polecatBranch(name)));
}

/**
 * Names of the rig whose tmux session exists (its agent alive or its pane
 * kept dead). A session may outlive its polecat's state (a spawn that lost a
 * race, a crash): such a name is never given out again, since starting its
 * session would fail.
 */
export async function namesWithSessions(tmux: Tmux, rigPrefix: string): Promise<Set<string>> {
  const prefix = polecatSession(rigPrefix, '');
  const sessions = await tmuxCall(() => tmux.listSessions());
  return new Set(sessions.filter((s) => s.name.startsWith(prefix)).map((s) => s.name.slice(prefix.length)));
}

/** The first free name: the pool in order, then polecat-2, polecat-3, ... */
export async function pickFreeName(
  canonical: GitRepo,
  rig: RigPaths,
  taken: ReadonlySet<string> = new Set(),
): Promise<string> {
  for (const name of NAME_POOL) if (await isNameFree(canonical, rig, name, taken)) return name;
  for (let i = 2; ; i++) {
    const name = `polecat-${i}`;
    if (await isNameFree(canonical, rig, name, taken)) return name;
  }
}
