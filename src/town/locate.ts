import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { OverseerError } from '../core/errors.js';

/**
 * Which town a command works on: --town DIR, else $OVERSEER_TOWN, else the
 * nearest ancestor of the working directory holding mayor/town.json.
 */
export function locateTown(opts: { town?: string; env?: NodeJS.ProcessEnv; cwd?: string }): string {
  const env = opts.env ?? process.env;
  const explicit = opts.town ?? env.OVERSEER_TOWN;
  if (explicit) {
    const dir = resolve(opts.cwd ?? process.cwd(), explicit);
    if (!existsSync(join(dir, 'mayor', 'town.json'))) {
      const from = opts.town ? '--town' : 'OVERSEER_TOWN';
      throw new OverseerError(
        'no-town',
        `${dir} (from ${from}) is not a town: ${join(dir, 'mayor', 'town.json')} is missing`,
        {
          hint: `create one with: overseer install ${dir}`,
        },
      );
    }
    return dir;
  }
  let dir = resolve(opts.cwd ?? process.cwd());
  for (;;) {
    if (existsSync(join(dir, 'mayor', 'town.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new OverseerError('no-town', 'no town found here or in any parent directory', {
    hint: 'create one with `overseer install DIR`, or pass --town DIR / set OVERSEER_TOWN',
  });
}
