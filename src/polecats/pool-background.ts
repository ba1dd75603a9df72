import { overseerBin } from '../core/package-root.js';
import type { LocalRunner } from '../runtime/local-runner.js';
import type { Town } from '../town/town.js';
import { poolEntries } from './pool.js';

/**
 * Top up a rig's warm pool without waiting for it: a detached
 * `overseer pool refill RIG` (stdio ignored, unref'd), so the calling command
 * exits at once. Nothing is started when the pool already holds its target.
 * Returns whether a refill was started.
 */
export function refillInBackground(
  runner: LocalRunner,
  town: Town,
  rig: string,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  let want: number;
  try {
    want = town.rig(rig).warm_worktrees;
  } catch {
    return false;
  }
  if (poolEntries(town.rigPaths(rig)).length === want) return false;
  try {
    runner.startDetached(process.execPath, [overseerBin(), '--town', town.root, 'pool', 'refill', rig], {
      env,
    });
    return true;
  } catch {
    return false;
  }
}
