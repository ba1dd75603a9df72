import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Compact the heap once the cockpit has been quiet for a moment. Every frame
 * Ink draws leaves garbage that V8 lets pile up in the old generation for a
 * long time (RSS climbs past 250 MiB on a big town while the live heap is
 * ~45 MiB); a full collection after a burst of updates gives it back. At most
 * one collection per `minGapMs`, none while nothing changes, and none unless
 * the heap grew by `minGrowthBytes` since the last one: the small updates of
 * a quiet town (a heartbeat every tick) are left to V8, whose young-generation
 * scavenges take them cheaply, instead of a full collection every 30 s.
 */
export function idleCompactor(opts: { quietMs?: number; minGapMs?: number; minGrowthBytes?: number } = {}): {
  poke: () => void;
  stop: () => void;
} {
  const quietMs = opts.quietMs ?? 3000;
  const minGapMs = opts.minGapMs ?? 30_000;
  const minGrowth = opts.minGrowthBytes ?? 8 * 2 ** 20;
  let base = 0; // heap in use right after the last collection
  let gc: (() => void) | undefined;
  try {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  } catch {
    gc = undefined;
  }
  let timer: NodeJS.Timeout | undefined;
  let last = 0;
  let dirty = false;
  const run = () => {
    timer = undefined;
    if (!dirty || !gc) return;
    const wait = last + minGapMs - Date.now();
    if (wait > 0) {
      timer = setTimeout(run, wait);
      timer.unref();
      return;
    }
    dirty = false;
    if (process.memoryUsage().heapUsed - base < minGrowth) return;
    last = Date.now();
    gc();
    base = process.memoryUsage().heapUsed;
  };
  return {
    poke() {
      dirty = true;
      if (timer) clearTimeout(timer);
      timer = setTimeout(run, quietMs);
      timer.unref();
    },
    stop() {
      if (timer) clearTimeout(timer);
    },
  };
}
