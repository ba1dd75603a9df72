import lockfile from 'proper-lockfile';
import { diskFullError, isDiskFull } from './disk-write.js';
import { OverseerError } from './errors.js';

/**
 * Cross-process lock on a path (a `<path>.lock` directory, the atomic mkdir
 * way). Stale locks left by a killed process are taken over after `staleMs`.
 */
export async function withLock<T>(path: string, fn: () => Promise<T> | T, staleMs = 10_000): Promise<T> {
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(path, {
      realpath: false,
      stale: staleMs,
      retries: { retries: 400, factor: 1.3, minTimeout: 2, maxTimeout: 60, randomize: true },
    });
  } catch (e) {
    if (isDiskFull(e)) throw diskFullError(lockPathOf(path), e);
    throw new OverseerError('lock-timeout', `could not lock ${path}: ${(e as Error).message}`, { cause: e });
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}

export function lockPathOf(path: string): string {
  return `${path}.lock`;
}
