import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import lockfile from 'proper-lockfile';
import { replaceFileSync } from '../core/disk-write.js';
import { OverseerError } from '../core/errors.js';
import type { ProcessTable } from '../runtime/runner.js';
import type { RigPaths } from '../town/paths.js';

/**
 * One refinery (or direct landing) per rig at a time: a lock on
 * <rig>/refinery/process, kept fresh while held. A second process fails at
 * once naming the holder's pid; a lock left by a killed process is taken
 * over once it goes stale (a few seconds).
 */

const STALE_MS = 4000;

function lockTarget(paths: RigPaths): string {
  return join(dirname(paths.refineryState), 'process');
}

function holderPid(paths: RigPaths): number | undefined {
  try {
    const n = Number(readFileSync(`${lockTarget(paths)}.pid`, 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

export async function withRefineryLock<T>(
  processes: ProcessTable,
  paths: RigPaths,
  what: string,
  fn: () => Promise<T>,
): Promise<T> {
  const target = lockTarget(paths);
  mkdirSync(dirname(target), { recursive: true });
  const deadline = Date.now() + STALE_MS * 3;
  let release: (() => Promise<void>) | undefined;
  while (!release) {
    try {
      release = await lockfile.lock(target, {
        realpath: false,
        stale: STALE_MS,
        update: 1000,
        retries: 0,
        onCompromised: () => undefined,
      });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw e;
      const pid = holderPid(paths);
      if ((pid !== undefined && (await processes.alive(pid))) || Date.now() > deadline) {
        throw new OverseerError(
          'refinery-busy',
          `the refinery of rig ${paths.name} is busy${pid ? ` (pid ${pid})` : ''}; cannot ${what} now`,
          { hint: 'wait for it to finish, or stop that process' },
        );
      }
      // The holder is gone: its lock goes stale within a few seconds.
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    replaceFileSync(`${target}.pid`, `${process.pid}\n`);
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}
