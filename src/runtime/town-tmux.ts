import { createHash } from 'node:crypto';
import { OverseerError } from '../core/errors.js';
import type { Town } from '../town/town.js';
import { runnerFor } from './hosts.js';
import { type Tmux, TmuxError } from './tmux.js';

/**
 * One tmux server per town, on its own socket: $OVERSEER_TMUX_SOCKET, else
 * `tmux_socket` in mayor/town.json, else `ov-` + 10 hex of sha1(town root).
 */
export function townSocketName(town: Town, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.OVERSEER_TMUX_SOCKET;
  if (fromEnv) return fromEnv;
  const fromFile = (town.file as { tmux_socket?: unknown }).tmux_socket;
  if (typeof fromFile === 'string' && fromFile !== '') return fromFile;
  return `ov-${createHash('sha1').update(town.root).digest('hex').slice(0, 10)}`;
}

/** The town's tmux server (by socket name) for runner.tmux(). */
export function townServer(town: Town, env: NodeJS.ProcessEnv = process.env): { socket: string } {
  return { socket: townSocketName(town, env) };
}

/** The town's tmux server on a host (default: this machine). */
export function townTmux(town: Town, env: NodeJS.ProcessEnv = process.env, host = 'local'): Tmux {
  try {
    return runnerFor(town, host).tmux(townServer(town, env));
  } catch (e) {
    throw asOverseerError(e);
  }
}

/** A polecat's session: `ov-<rig beads prefix>-<polecat>`. */
export function polecatSession(rigPrefix: string, polecat: string): string {
  return `ov-${rigPrefix}-${polecat}`;
}

/** tmux adapter errors as OverseerErrors (clear message, non-zero exit, no stack). */
export function asOverseerError(e: unknown): unknown {
  if (e instanceof TmuxError)
    return new OverseerError(e.code.toLowerCase().replace(/_/g, '-'), e.message, { cause: e });
  return e;
}

/** Run a tmux-using operation, turning adapter errors into OverseerErrors. */
export async function tmuxCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw asOverseerError(e);
  }
}
