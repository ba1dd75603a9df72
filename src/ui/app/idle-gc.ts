import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Compact the heap once the cockpit has been quiet for a moment. Every frame
 * Ink draws leaves garbage that V8 lets pile up in the old generation for a
 * long time (RSS climbs past 250 MiB on a big town while the live heap is
 * ~45 MiB); a full collection after a burst of updates gives it back. At most
 * one collection per `minGapMs`, none while nothing changes.
 */
export function idleCompactor(opts: { quietMs?: number; minGapMs?: number } = {}): {
  poke: () => void;
  stop: () => void;
} {
  const quietMs = opts.quietMs ?? 3000;
  const minGapMs = opts.minGapMs ?? 30_000;
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
    last = Date.now();
    gc();
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
