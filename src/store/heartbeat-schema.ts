import { z } from 'zod';
import { Iso } from '../town/schemas/common.js';

/**
 * <town>/.runtime/daemon.heartbeat.json, written by the daemon every tick.
 * Loose on purpose: the cockpit needs only "when", from the first of these
 * timestamps present, else the file's modification time.
 */
export const DaemonHeartbeat = z.looseObject({
  version: z.literal(1).optional(),
  pid: z.number().int().optional(),
  ts: Iso.optional(),
  at: Iso.optional(),
  updated_at: Iso.optional(),
  tick: z.number().optional(),
});
export type DaemonHeartbeat = z.infer<typeof DaemonHeartbeat>;

export function heartbeatTime(hb: DaemonHeartbeat, mtimeMs: number): number {
  for (const iso of [hb.ts, hb.at, hb.updated_at]) {
    if (iso) {
      const t = Date.parse(iso);
      if (!Number.isNaN(t)) return t;
    }
  }
  return mtimeMs;
}
