import lockfile from 'proper-lockfile';
import { diskFullError, isDiskFull } from './disk-write.js';
import { OverseerError } from './errors.js';

/**
 * Cross-process lock on a path (a `<path>.lock` directory, the atomic mkdir
 * way). Stale locks left by a killed process are taken over after `staleMs`.
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
 * it runs; a killed holder's lock goes stale after `staleMs`.
 */
export async function acquireLock(path: string, staleMs = 10_000): Promise<() => Promise<void>> {
  try {
    return await lockfile.lock(path, {
      realpath: false,
      stale: staleMs,
      retries: { retries: 400, factor: 1.3, minTimeout: 2, maxTimeout: 60, randomize: true },
    });
  } catch (e) {
    if (isDiskFull(e)) throw diskFullError(lockPathOf(path), e);
    throw new OverseerError('lock-timeout', `could not lock ${path}: ${(e as Error).message}`, { cause: e });
  }
}

export function lockPathOf(path: string): string {
  return `${path}.lock`;
}
