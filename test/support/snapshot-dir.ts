import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every file under dir with its content hash-free text (small test towns only): for "nothing changed" checks. */
export function snapshotDir(
  dir: string,
  skip: (rel: string) => boolean = () => false,
): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const full = join(d, e);
      const rel = relative(dir, full);
      if (skip(rel)) continue;
      if (statSync(full).isDirectory()) {
        out[rel + '/'] = '';
        walk(full);
      } else out[rel] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}
