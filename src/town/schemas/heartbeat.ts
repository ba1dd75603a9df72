import { z } from 'zod';
import { Iso } from './common.js';

/**
 * <town>/.runtime/daemon.heartbeat.json as readers see it (the daemon writes
 * it every tick with its own stricter schema). Loose on purpose: the cockpit needs only "when", from the first of these
 * timestamps present, else the file's modification time.
 */
export const HeartbeatFile = z.looseObject({
  version: z.literal(1).optional(),
  pid: z.number().int().optional(),
  ts: Iso.optional(),
  at: Iso.optional(),
  updated_at: Iso.optional(),
  tick: z.number().optional(),
});
export type HeartbeatFile = z.infer<typeof HeartbeatFile>;

export function heartbeatTime(hb: HeartbeatFile, mtimeMs: number): number {
  for (const iso of [hb.ts, hb.at, hb.updated_at]) {
    if (iso) {
      const t = Date.parse(iso);
      if (!Number.isNaN(t)) return t;
    }
  }
  return mtimeMs;
}
