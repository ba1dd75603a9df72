import { InvalidTmuxArgumentError } from './tmux-errors.js';

/**
 * tmux parses its own argv: an argument that ENDS in ';' splits the command
 * line, so `["sh", "-c", "x", "y;", "run-shell", "evil"]` would run a second
 * tmux command. A trailing "\;" is taken as a literal ';'. Every argument we
 * did not write ourselves goes through this function.
 */
export function escapeArg(arg: string): string {
  return arg.endsWith(';') ? `${arg.slice(0, -1)}\\;` : arg;
}

/** For options tmux expands as formats (e.g. new-session -c): '#' → '##'. */
export function escapeFormat(text: string): string {
  return text.replace(/#/g, '##');
}

// tmux turns ':' and '.' in session names into '_', and treats leading
// '$', '@', '%', '=' specially in targets; keep names boring.
const SESSION_NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,127}$/;

export function assertSessionName(name: string): void {
  if (!SESSION_NAME.test(name)) {
    throw new InvalidTmuxArgumentError('tmux session name', name, `must match ${SESSION_NAME.source}`);
  }
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function assertEnvName(name: string): void {
  if (!ENV_NAME.test(name)) {
    throw new InvalidTmuxArgumentError('environment variable name', name, `must match ${ENV_NAME.source}`);
  }
}

const OPTION_NAME = /^@?[a-z][a-z0-9-]*(\[\d+\])?$/;

export function assertOptionName(name: string): void {
  if (!OPTION_NAME.test(name)) {
    throw new InvalidTmuxArgumentError('tmux option name', name, `must match ${OPTION_NAME.source}`);
  }
}

/** Exact-match session target ("foo" alone would also match "foobar"). */
export function sessionTarget(name: string): string {
  assertSessionName(name);
  return `=${name}`;
}

/** The active pane of the session's current window, matched exactly. */
export function paneTarget(name: string): string {
  return `${sessionTarget(name)}:`;
}

/** `-e NAME=value` pairs; values are not format-expanded by tmux. */
export function envArgs(env: Record<string, string> | undefined): string[] {
  if (!env) return [];
  return Object.entries(env).flatMap(([key, value]) => {
    assertEnvName(key);
    return ['-e', escapeArg(`${key}=${value}`)];
  });
}

/**
 * The command for a new pane, as argv. tmux runs a single argument through
 * `sh -c`, but execs two or more arguments directly (execvp), so a lone
 * program is wrapped as `env -- program` to keep the shell out.
 */
export function commandArgs(command: readonly string[]): string[] {
  if (command.length === 0) {
    throw new InvalidTmuxArgumentError('command', '', 'must have at least one element');
  }
  const argv = command.length === 1 ? ['env', '--', ...command] : [...command];
  return ['--', ...argv.map(escapeArg)];
}
