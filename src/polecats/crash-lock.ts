import { rmSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Runner } from '../runtime/runner.js';

/**
 * An agent killed in the middle of a git command leaves `index.lock` in its
 * worktree's git directory, and every git command there fails from then on:
 * a respawned agent could never commit. Before a respawn, a lock older than
 * the polecat's death is the dead agent's (git holds it for moments; a git
 * command started since would have made a newer one), so it is removed.
 * Returns the removed path, if any. Local worktrees only.
 */
export async function clearLockLeftByCrash(
  runner: Runner,
  worktree: string,
  diedAt: number,
): Promise<string | undefined> {
  if (runner.host !== 'local' || !Number.isFinite(diedAt)) return undefined;
  const r = await runner.git(worktree).run(['rev-parse', '--git-path', 'index.lock']);
  if (r.code !== 0) return undefined;
  const rel = r.stdout.trim();
  const lock = isAbsolute(rel) ? rel : join(worktree, rel);
  const st = statSync(lock, { throwIfNoEntry: false });
  if (!st || st.mtimeMs > diedAt) return undefined;
  rmSync(lock, { force: true });
  return lock;
}
