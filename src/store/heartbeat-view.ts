import { statSync } from 'node:fs';
import { readOutpostStatuses } from '../town/outposts.js';
import type { TownPaths } from '../town/paths.js';
import { type HeartbeatFile, heartbeatTime } from '../town/schemas/heartbeat.js';
import type { HeartbeatView } from './types.js';

/**
 * The cockpit's view of a heartbeat just read: when it was written (its own
 * time, else the file's mtime), and the outposts' status files, which the
 * same daemon tick wrote.
 */
export function heartbeatView(p: TownPaths, value: HeartbeatFile | undefined): HeartbeatView | undefined {
  if (!value) return undefined;
  let mtime = Date.now();
  try {
    mtime = statSync(p.daemonHeartbeat).mtimeMs;
  } catch {
    /* removed since */
  }
  return { value, at: heartbeatTime(value, mtime), outposts: readOutpostStatuses(p) };
}
