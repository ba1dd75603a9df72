import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import lockfile from 'proper-lockfile';
import { diskFullError, isDiskFull } from './disk-write.js';
import { OverseerError } from './errors.js';
import { pidRuns } from './pid.js';

/**
 * Cross-process lock on a path (a `<path>.lock` directory, the atomic mkdir
 * way). A lock whose holder died on this machine is taken over at once (its
 * pid is written beside the lock); any other stale lock after `staleMs`.
 */
export async function withLock<T>(path: string, fn: () => Promise<T> | T, staleMs = 10_000): Promise<T> {
  const release = await acquireLock(path, staleMs);
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}

/**
 * Take the lock on `path` and return its release, for a lock held across
 * steps that do not nest in one callback. The holder keeps it fresh while
 * it runs. Waiting gives up (a `lock-timeout`) only after the lock could
 * have gone stale, so a killed holder never makes a waiter fail.
 */
export async function acquireLock(path: string, staleMs = 10_000): Promise<() => Promise<void>> {
  const deadline = Date.now() + staleMs + 15_000;
  for (;;) {
    try {
      const release = await lockfile.lock(path, {
        realpath: false,
        stale: staleMs,
        retries: { retries: 12, factor: 1.3, minTimeout: 2, maxTimeout: 60, randomize: true },
      });
      return withOwner(path, release);
    } catch (e) {
      if (isDiskFull(e)) throw diskFullError(lockPathOf(path), e);
      const locked = (e as NodeJS.ErrnoException).code === 'ELOCKED';
      if (locked && takeOverDeadHolder(path)) continue;
      if (!locked || Date.now() > deadline)
        throw new OverseerError('lock-timeout', `could not lock ${path}: ${(e as Error).message}`, {
          cause: e,
        });
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

export function lockPathOf(path: string): string {
  return `${path}.lock`;
}

const ownerPath = (path: string) => `${lockPathOf(path)}.owner`;
const HOST = hostname();

function withOwner(path: string, release: () => Promise<void>): () => Promise<void> {
  const mine = `${process.pid} ${HOST}`;
  try {
    writeFileSync(ownerPath(path), mine);
  } catch {
    // Without its owner file the lock is only taken over once stale.
  }
  return async () => {
    if (readOwner(path) === mine) rmSync(ownerPath(path), { force: true });
    await release();
  };
}

function readOwner(path: string): string | undefined {
  try {
    return readFileSync(ownerPath(path), 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Remove a lock whose recorded holder, on this machine, no longer runs. Two
 * waiters may both see it dead; the second then removes the first's fresh
 * lock — the same narrow race as proper-lockfile's own stale takeover.
 */
function takeOverDeadHolder(path: string): boolean {
  const owner = readOwner(path);
  const [pid, host] = owner?.split(' ') ?? [];
  if (owner === undefined || host !== HOST || pidRuns(Number(pid))) return false;
  rmSync(ownerPath(path), { force: true });
  rmSync(lockPathOf(path), { recursive: true, force: true });
  return true;
}
