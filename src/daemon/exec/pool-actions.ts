import { errorMessage } from '../../core/errors.js';
import { refillPool, refillRunning } from '../../polecats/pool.js';
import type { Runner } from '../../runtime/runner.js';
import type { Town } from '../../town/town.js';

const RETRY_AFTER_MS = 60_000;

/**
 * Pool refills from the daemon's tick. A refill already running (started by
 * `overseer spawn`) is left to finish rather than waited for; after a failed
 * refill the rig is not retried for a minute, so a broken clone logs once a
 * minute, not every tick.
 */
export class PoolActions {
  private failedAt = new Map<string, number>();

  async refill(runner: Runner, town: Town, rig: string, now: number): Promise<string> {
    const failed = this.failedAt.get(rig);
    if (failed !== undefined && now - failed < RETRY_AFTER_MS) return '';
    const paths = town.rigPaths(rig);
    if (await refillRunning(paths)) return '';
    try {
      const r = await refillPool(runner, paths, town.rig(rig));
      this.failedAt.delete(rig);
      const parts = [
        r.made.length ? `made ${r.made.join(', ')}` : '',
        r.trimmed.length ? `trimmed ${r.trimmed.join(', ')}` : '',
        r.discarded.length ? `discarded leftover ${r.discarded.join(', ')}` : '',
      ].filter(Boolean);
      return parts.join('; ');
    } catch (e) {
      this.failedAt.set(rig, now);
      throw new Error(`pool refill failed: ${errorMessage(e)}`, { cause: e });
    }
  }
}
