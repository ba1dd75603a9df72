import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
  mkdtempSync,
  rmdirSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { OverseerError } from '../core/errors.js';
import { writeJsonAtomicSync } from '../core/json-file.js';
import { packageRoot } from '../core/package-root.js';
import { nowIso } from '../core/time.js';
import { TownPaths } from './paths.js';
import { Town } from './town.js';

export type InstallOptions = {
  dir: string;
  name?: string;
  /** Recorded as `tmux_socket` in mayor/town.json: every later command finds the town's server there. */
  tmuxSocket?: string;
};

/**
 * Create a town. It is built in a temporary sibling directory and renamed
 * into place, so a failure leaves nothing behind.
 */
export function installTown(opts: InstallOptions): Town {
  const dir = resolve(opts.dir);
  const name = opts.name ?? basename(dir);
  if (name.trim() === '' || name.length > 80 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new OverseerError(
      'bad-name',
      `invalid town name ${JSON.stringify(name)}: 1-80 printable characters`,
    );
  }
  if (existsSync(join(dir, 'mayor', 'town.json'))) {
    throw new OverseerError('town-exists', `${dir} is already a town (mayor/town.json exists)`);
  }
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new OverseerError('dir-not-empty', `${dir} is not empty: a town needs an empty or new directory`);
  }
  if (!existsSync(dirname(dir))) {
    throw new OverseerError('no-parent', `parent directory ${dirname(dir)} does not exist`);
  }
  const tmp = mkdtempSync(join(dirname(dir), `.${basename(dir)}.installing-`));
  try {
    const p = new TownPaths(tmp);
    const now = nowIso();
    writeJsonAtomicSync(p.townFile, {
      type: 'town',
      version: 1,
      name,
      created_at: now,
      ...(opts.tmuxSocket ? { tmux_socket: opts.tmuxSocket } : {}),
    });
    writeJsonAtomicSync(p.rigsFile, { version: 1, rigs: {} });
    writeJsonAtomicSync(p.mayorState, { version: 1, updated_at: now, managers: {} });
    mkdirSync(p.configDir, { recursive: true });
    const defaults = join(packageRoot(), 'config');
    if (existsSync(defaults)) cpSync(defaults, p.configDir, { recursive: true });
    mkdirSync(dirname(p.townBeads), { recursive: true });
    writeFileSync(p.townBeads, '');
    writeFileSync(
      p.events,
      JSON.stringify({
        version: 1,
        ts: now,
        kind: 'town.installed',
        actor: 'overseer',
        message: `town ${name} created`,
      }) + '\n',
    );
    mkdirSync(p.tmpDir, { recursive: true });
    if (existsSync(dir)) rmdirSync(dir);
    renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return Town.open(dir);
}
