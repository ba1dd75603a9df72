import type { Exec } from './exec.js';
import { InvalidTmuxArgumentError } from './tmux-errors.js';

/** The options of the tmux adapter's calls, and the checks of the values it passes on. */

/**
 * Which tmux server to talk to: a named socket (`tmux -L name`, one server per
 * town) or a socket path (`tmux -S path`, e.g. the operator's own server taken
 * from $TMUX).
 */
export type TmuxServerRef = { socket: string } | { socketPath: string };

export type TmuxOptions = TmuxServerRef & {
  /** The host's runner: every tmux command goes through it. */
  runner: Exec;
  /** tmux binary; default "tmux" from PATH. */
  bin?: string;
  /** Per-call timeout; default 10 s. */
  timeoutMs?: number;
};

export interface NewSessionOptions {
  name: string;
  cwd: string;
  /** argv; never interpreted by a shell. */
  command: readonly string[];
  env?: Record<string, string>;
  width?: number;
  height?: number;
}

export interface CaptureOptions {
  /** Return only the last N non-blank-trailing lines (history included). Default: the visible screen. */
  lines?: number;
  /** Keep SGR colour escapes (capture-pane -e). Default false. The caller must sanitize. */
  escapes?: boolean;
}

export interface PaneCommandOptions {
  /** A target on this server: pane id ("%3"), or session[:window[.pane]]. Default: the current pane. */
  target?: string;
  command: readonly string[];
  env?: Record<string, string>;
  cwd?: string;
  /** Do not make the new pane/window current. */
  detached?: boolean;
}

export interface SplitWindowOptions extends PaneCommandOptions {
  /** 'horizontal' puts the new pane beside the target (-h); default 'vertical' (below, -v). */
  direction?: 'horizontal' | 'vertical';
  /** Size of the new pane, lines/columns or a percentage like "50%". */
  size?: string;
}

export interface NewWindowOptions extends PaneCommandOptions {
  name?: string;
}

/** Largest piece of text one send-keys call types. */
export const SEND_CHUNK_BYTES = 512;

/** What a tmux call is about, for its error messages. */
export interface RunContext {
  session?: string;
}

export type OptionScope = 'server' | 'session' | 'window' | 'pane';

export const SOCKET_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
export const TARGET = /^[A-Za-z0-9_%@$=:.-]{1,200}$/;
export const SIZE = /^\d{1,5}%?$/;

export function positiveInt(what: string, n: number): number {
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidTmuxArgumentError(what, String(n), 'must be a positive integer');
  return n;
}

export function checked(what: string, value: string, pattern: RegExp): string {
  if (!pattern.test(value)) throw new InvalidTmuxArgumentError(what, value, `must match ${pattern.source}`);
  return value;
}
