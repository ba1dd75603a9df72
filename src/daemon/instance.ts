import { mkdirSync } from 'node:fs';
import { replaceFileSync } from '../core/disk-write.js';
import { OverseerError } from '../core/errors.js';
import { withLock } from '../core/lock.js';
import type { LocalProcessTable } from '../runtime/processes.js';
import type { TownPaths } from '../town/paths.js';
import { daemonAlive, readHeartbeat, readPid, removePidFile } from './heartbeat.js';

/**
 * One daemon per town. The pid file says who runs it; taking it over is done
 * under a short lock, so two daemons starting at once cannot both win, and a
 * pid file left by a killed daemon (its process gone) is taken over.
 */
export async function acquireDaemonInstance(
  processes: LocalProcessTable,
  paths: TownPaths,
  pid = process.pid,
): Promise<{ release: () => void }> {
  mkdirSync(paths.runtimeDir, { recursive: true });
  await withLock(paths.daemonLock, () => {
    const holder = readPid(paths);
    if (holder !== undefined && holder !== pid && daemonAlive(processes, holder)) {
      const hb = readHeartbeat(paths);
      throw new OverseerError(
        'daemon-running',
        `a daemon already runs for town ${paths.root} (pid ${holder}${hb ? `, last tick ${hb.at}` : ''})`,
        { hint: 'use `overseer daemon status`, or `overseer daemon stop` first' },
      );
    }
    replaceFileSync(paths.daemonPid, `${pid}\n`);
  });
  return { release: () => removePidFile(paths, pid) };
}
