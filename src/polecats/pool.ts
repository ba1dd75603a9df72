import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { errorMessage } from '../core/errors.js';
import lockfile from 'proper-lockfile';
import { withLock } from '../core/lock.js';
import type { Runner } from '../runtime/runner.js';
import { addDetachedWorktree, baseRef, dirtyFiles, moveWorktree } from '../runtime/worktree.js';
import type { RigPaths } from '../town/paths.js';
import type { RigConfig } from '../town/schemas/rig.js';
import type { Finding } from '../town/doctor.js';

/**
 * The warm worktree pool of a rig: detached worktrees of the canonical clone
 * at <rig>/polecats/.pool/<id>, checked out at the rig's base ref, ready to
 * become a polecat's worktree by a rename (`git worktree move`) and a branch
 * checkout — instead of writing every file of the repository at spawn time.
 *
 * Pool entries never hold work: nobody ever runs in them. So pool code may
 * discard an entry that is off in any way (dirty, not a worktree, failed
 * move) — and it never removes anything outside the pool.
 *
 * Claims run under the rig's spawn lock; refills under their own lock (one
 * refill at a time), taking the spawn lock only to publish a finished entry.
 */

/** The pool directory: a dot name, so never a polecat name (NAME_PATTERN starts with a-z). */
export function poolDir(paths: RigPaths): string {
  return join(paths.polecatsDir, '.pool');
}

/** Where a refill builds an entry before it is ready: hidden from claims (a dot name). */
function stagingDir(paths: RigPaths): string {
  return join(poolDir(paths), '.new');
}

/** The rig's spawn lock (name picking, slots, pool claims). */
export function spawnLockPath(paths: RigPaths): string {
  return join(paths.polecatStateDir, '.spawn');
}

const REFILL_STALE_MS = 60_000;

function refillLockPath(paths: RigPaths): string {
  return join(paths.polecatStateDir, '.pool-refill');
}

function dirNames(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}

/** Ready pool entries (ids), oldest first. */
export function poolEntries(paths: RigPaths): string[] {
  return dirNames(poolDir(paths));
}

/** Ids sort by creation time: base-36 milliseconds (fixed width until 2059), then randomness. */
export function newPoolId(now = Date.now()): string {
  return `w${now.toString(36)}${randomBytes(3).toString('hex')}`;
}

/** Why an entry cannot be used, or undefined when it is a clean worktree (no changes, no untracked files). */
export async function poolEntryProblem(runner: Runner, path: string): Promise<string | undefined> {
  // A directory without its own .git file is not a worktree: git would answer for an enclosing repository.
  if (!statSync(join(path, '.git'), { throwIfNoEntry: false })?.isFile()) return 'not a git worktree';
  try {
    const dirty = await dirtyFiles(runner.git(path));
    if (dirty.length > 0) return `${dirty.length} uncommitted change(s): ${dirty.slice(0, 3).join(', ')}`;
  } catch (e) {
    return `git status failed: ${errorMessage(e)}`;
  }
  return undefined;
}

/**
 * Remove one pool entry and its registration. Refuses any path outside the
 * pool. An entry git does not know as a worktree is left where it is (it is
 * not ours to delete); the answer says whether it is gone.
 */
export async function discardPoolEntry(runner: Runner, paths: RigPaths, path: string): Promise<boolean> {
  const parent = dirname(path);
  if (parent !== poolDir(paths) && parent !== stagingDir(paths))
    throw new Error(`refusing to discard ${path}: not a pool entry of ${poolDir(paths)}`);
  const repo = runner.git(paths.canonicalClone);
  // Not a registered worktree (remove fails): leave the directory alone.
  if (existsSync(path)) await repo.run(['worktree', 'remove', '--force', '--force', path]);
  await repo.run(['worktree', 'prune']);
  return !existsSync(path);
}

export type Claim = { claimed: boolean; entry?: string; discarded: { entry: string; why: string }[] };

/**
 * Move the first usable pool entry to `dest` (a polecat's worktree path,
 * which must not exist). Call under the spawn lock. Entries that are off are
 * discarded on the way. Never throws: no claim means "check out fresh".
 */
export async function claimPoolEntry(runner: Runner, paths: RigPaths, dest: string): Promise<Claim> {
  const discarded: Claim['discarded'] = [];
  for (const id of poolEntries(paths)) {
    const path = join(poolDir(paths), id);
    try {
      const problem = await poolEntryProblem(runner, path);
      if (problem === undefined) {
        await moveWorktree(runner.git(paths.canonicalClone), path, dest);
        return { claimed: true, entry: id, discarded };
      }
      discarded.push({ entry: id, why: problem });
    } catch (e) {
      // Moved after all (git failed after the rename): the spawn's checkout decides, and falls back if it fails.
      if (existsSync(dest)) return { claimed: true, entry: id, discarded };
      discarded.push({ entry: id, why: errorMessage(e) });
    }
    await discardPoolEntry(runner, paths, path).catch(() => false);
  }
  return { claimed: false, discarded };
}

export type Refill = { want: number; made: string[]; trimmed: string[]; discarded: string[] };

/**
 * Bring the pool to `warm_worktrees` ready entries: build missing ones (in
 * the staging dir, published by a move under the spawn lock) and trim extras
 * (the target was lowered). One refill at a time per rig; a second one waits,
 * then finds the pool full. Leftovers of a killed refill are discarded first.
 */
export async function refillPool(runner: Runner, paths: RigPaths, config: RigConfig): Promise<Refill> {
  const canonical = runner.git(paths.canonicalClone);
  const want = config.warm_worktrees;
  const out: Refill = { want, made: [], trimmed: [], discarded: [] };
  mkdirSync(paths.polecatStateDir, { recursive: true });
  return withLock(
    refillLockPath(paths),
    async () => {
      for (const id of dirNames(stagingDir(paths)))
        if (await discardPoolEntry(runner, paths, join(stagingDir(paths), id))) out.discarded.push(id);
      while (poolEntries(paths).length < want) {
        const id = newPoolId();
        const staged = join(stagingDir(paths), id);
        mkdirSync(stagingDir(paths), { recursive: true });
        try {
          const base = await baseRef(canonical, config.default_branch);
          await addDetachedWorktree(canonical, staged, base);
          await withLock(spawnLockPath(paths), () =>
            moveWorktree(canonical, staged, join(poolDir(paths), id)),
          );
        } catch (e) {
          await discardPoolEntry(runner, paths, staged).catch(() => false);
          throw e;
        }
        out.made.push(id);
      }
      const extra = poolEntries(paths).length - want;
      if (extra > 0)
        await withLock(spawnLockPath(paths), async () => {
          for (const id of poolEntries(paths).slice(0, Math.max(0, poolEntries(paths).length - want)))
            if (await discardPoolEntry(runner, paths, join(poolDir(paths), id))) out.trimmed.push(id);
        });
      return out;
    },
    REFILL_STALE_MS,
  );
}

/** A refill holds the rig's refill lock right now (the daemon skips its own then, rather than wait). */
export async function refillRunning(paths: RigPaths): Promise<boolean> {
  return lockfile
    .check(refillLockPath(paths), { realpath: false, stale: REFILL_STALE_MS })
    .catch(() => false);
}

/**
 * Doctor's check of the warm worktree pool (<rig>/polecats/.pool): a dirty
 * entry is not work — nobody ever ran in one — so --fix discards it (a spawn
 * would anyway). A directory there that is not a git worktree was not made
 * by overseer: it is reported, never removed.
 */
export async function poolFindings(runner: Runner, rp: RigPaths): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const id of poolEntries(rp)) {
    const path = join(poolDir(rp), id);
    const problem = await poolEntryProblem(runner, path);
    if (problem === undefined) continue;
    if (problem === 'not a git worktree') {
      findings.push({
        file: path,
        message: `${path}: not a git worktree, in the warm worktree pool; spawns skip it (remove it by hand if it is yours to drop)`,
      });
      continue;
    }
    findings.push({
      file: path,
      message: `${path}: warm pool worktree is unusable (${problem}); pool entries never hold work`,
      fix: {
        describe: `discarded warm pool worktree ${path}`,
        run: async () => void (await discardPoolEntry(runner, rp, path)),
      },
    });
  }
  return findings;
}
