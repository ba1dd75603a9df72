import { join } from 'node:path';
import { acquireLock, withLock } from '../core/lock.js';
import type { RigPaths } from '../town/paths.js';

/**
 * One start of a polecat's session at a time: a spawn holds this lock from
 * the moment its state file says `spawning` until its session runs and the
 * state says so; a respawn or cycle holds it while it replaces the session.
 * So the daemon never starts a session for a polecat a spawn is starting.
 */
export function sessionLockPath(paths: RigPaths, name: string): string {
  // A dot name: never read as a polecat state file (those end in .json).
  return join(paths.polecatStateDir, `.${name}.session`);
}

export function acquireSessionLock(paths: RigPaths, name: string): Promise<() => Promise<void>> {
  return acquireLock(sessionLockPath(paths, name), SESSION_LOCK_STALE_MS);
}

export function withSessionLock<T>(paths: RigPaths, name: string, fn: () => Promise<T>): Promise<T> {
  return withLock(sessionLockPath(paths, name), fn, SESSION_LOCK_STALE_MS);
}

/** A session start (worktree checkout, agent launch) takes seconds; a dead holder's lock is taken over after this. */
const SESSION_LOCK_STALE_MS = 30_000;
