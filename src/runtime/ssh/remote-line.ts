import { OverseerError } from '../../core/errors.js';
import type { RunOptions } from '../exec.js';
import { shQuote } from './quote.js';

/** Variables that describe this machine, never sent to another: the host keeps its own. */
const HOST_SPECIFIC = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'PWD',
  'TMPDIR',
  'SSH_AUTH_SOCK',
  'XDG_CONFIG_HOME',
  'XDG_RUNTIME_DIR',
]);
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The command line sent to the outpost for `bin args` with RunOptions:
 * `cd DIR && exec env [-i PATH=… HOME=…] [-u VAR] 'VAR=value' 'bin' 'arg'…`,
 * every word we did not write ourselves single-quoted. `extendEnv: false`
 * keeps only the host's own PATH, HOME, USER, LOGNAME and LANG.
 */
export function remoteLine(bin: string, args: readonly string[], opts: RunOptions = {}): string {
  if (bin === '' || bin.includes('='))
    throw new OverseerError('bad-command', `cannot run ${JSON.stringify(bin)} on an outpost`);
  const out: string[] = [];
  if (opts.cwd !== undefined) out.push(`cd ${shQuote(opts.cwd)} &&`);
  out.push('exec env');
  const clean = opts.extendEnv === false;
  if (clean)
    out.push(
      '-i',
      '"PATH=$PATH"',
      '"HOME=$HOME"',
      '"USER=$USER"',
      '"LOGNAME=$LOGNAME"',
      '"LANG=${LANG:-C.UTF-8}"',
    );
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (HOST_SPECIFIC.has(k)) continue;
    if (!ENV_NAME.test(k))
      throw new OverseerError('bad-command', `invalid environment variable name ${JSON.stringify(k)}`);
    if (v === undefined) {
      if (!clean) out.push('-u', k);
    } else out.push(shQuote(`${k}=${v}`));
  }
  out.push(shQuote(bin), ...args.map(shQuote));
  return out.join(' ');
}
