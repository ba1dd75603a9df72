import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The overseer checkout or install (holds config/, themes/, bin/), from src/ or dist/ alike. */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj)) {
      try {
        if ((JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name === 'overseer')
          return (cached = dir);
      } catch {
        /* keep looking */
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('overseer package root not found');
    dir = up;
  }
}

/** The `overseer` executable agents call (`overseer done`, `overseer signal`). */
export function overseerBin(): string {
  return join(packageRoot(), 'bin', 'overseer.js');
}

/**
 * What the `overseer` executable's first line gives node (bin/overseer.js: a
 * 1 MiB young generation, a fixed malloc mmap threshold), for the long-running
 * processes Overseer starts itself with `node bin/overseer.js` (the daemon):
 * they stay as small as the cockpit. bin/overseer.js keeps the variable out of
 * its own children's environment.
 */
export const OVERSEER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1'];
export const OVERSEER_NODE_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: '131072' };
