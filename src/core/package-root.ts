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

/**
 * NODE_EXTRA_CA_CERTS moved aside for a `node bin/overseer.js` child, as the
 * executable's first line does for itself: Node 20 parses that file before
 * anything runs (~40 ms of every start with a distribution's CA bundle), and
 * bin/overseer.js gives it back before the CLI runs, so the child's webhooks
 * (src/runtime/http-post.ts) and its own children still see it.
 */
export function extraCaAside(env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const ca = env.NODE_EXTRA_CA_CERTS;
  return ca ? { NODE_EXTRA_CA_CERTS: undefined, OVERSEER_EXTRA_CA_CERTS: ca } : {};
}
