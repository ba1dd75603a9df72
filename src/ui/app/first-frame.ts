import { writeFileSync } from 'node:fs';

/** What bin/code-cache.js leaves for the bundle it runs (absent under tests and other loaders). */
type CodeCacheHook = { state: 'none' | 'rejected' | 'used'; save(): 'kept' | 'written' | 'unwritable' };

function codeCacheHook(): CodeCacheHook | undefined {
  return (globalThis as Record<symbol, unknown>)[Symbol.for('overseer.codeCache')] as
    CodeCacheHook | undefined;
}

/**
 * Once the first frame is on screen: save V8's code cache of the CLI bundle
 * (it now holds everything the start compiled, so the next start skips that),
 * then, under OVERSEER_FIRST_FRAME_REPORT=FILE (benchmarks), write the wall
 * time since the process started and the CPU time it used so far as JSON:
 * CPU time holds still on a loaded machine where the wall time does not.
 */
export function afterFirstFrame(): void {
  const file = process.env.OVERSEER_FIRST_FRAME_REPORT;
  // Taken before the cache is written: the report is of the start, not of the save.
  const cpu = file ? process.cpuUsage() : undefined;
  const report = cpu && { wall_ms: performance.now(), cpu_ms: (cpu.user + cpu.system) / 1000 };
  const cache = codeCacheHook();
  const saved = cache?.save();
  if (!file) return;
  try {
    writeFileSync(
      file,
      JSON.stringify({ ...report, code_cache: cache?.state ?? 'none', code_cache_save: saved }) + '\n',
    );
  } catch {
    /* a benchmark's file: never the cockpit's problem */
  }
}
