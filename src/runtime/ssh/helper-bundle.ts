import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OverseerError } from '../../core/errors.js';
import { packageRoot } from '../../core/package-root.js';
import { shQuote } from './quote.js';

/**
 * Overseer's helper for outposts: dist/remote/ (built by scripts/build.mjs),
 * self-contained files needing only node on the host: ov-remote.js (the
 * per-tick probe, process table, agent-call shim, checks, offload tasks) and
 * scripted-agent.js. Installed once per version under <dir>/overseer/<hash>.
 */
export const HELPER_FILES = ['ov-remote.js', 'scripted-agent.js'] as const;

export type HelperBundle = { dir: string; hash: string; files: string[] };

let cached: HelperBundle | undefined;

export function helperBundle(): HelperBundle {
  if (cached) return cached;
  const dir = join(packageRoot(), 'dist', 'remote');
  const files = HELPER_FILES.map((f) => join(dir, f));
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length > 0)
    throw new OverseerError(
      'helper-missing',
      `Overseer's outpost helper is not built (${missing.join(', ')} missing)`,
      { hint: 'run `npm run build`' },
    );
  const h = createHash('sha1');
  for (const f of files) h.update(readFileSync(f));
  return (cached = { dir, files, hash: h.digest('hex').slice(0, 12) });
}

/** The `overseer` an agent on the outpost runs: the helper's agent-call shim. */
export function launcherScript(node: string, helperDir: string): string {
  return `#!/bin/sh\n# Overseer on an outpost: agent calls go to the town (queued while the link is down).\nexec ${shQuote(node)} ${shQuote(`${helperDir}/ov-remote.js`)} agent "$@"\n`;
}
