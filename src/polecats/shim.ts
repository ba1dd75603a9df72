import { mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { overseerBin } from '../core/package-root.js';
import type { Town } from '../town/town.js';

/**
 * <town>/.runtime/bin/overseer: a symlink to this installation's
 * bin/overseer.js, so agents in tmux can run `overseer done` with that
 * directory on their PATH. Re-pointed when the installation moved.
 */
export function ensureShim(town: Town): { dir: string; overseer: string } {
  const dir = join(town.paths.runtimeDir, 'bin');
  const link = join(dir, 'overseer');
  const target = overseerBin();
  let current: string | undefined;
  try {
    current = readlinkSync(link);
  } catch {
    current = undefined;
  }
  if (current !== target) {
    mkdirSync(dir, { recursive: true });
    rmSync(link, { force: true });
    try {
      symlinkSync(target, link);
    } catch (e) {
      // Another spawn made it at the same moment.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return { dir, overseer: link };
}
