import { posix } from 'node:path';
import { sessionTarget } from './tmux-args.js';

/** The environment attachPlan looks at (normally process.env). */
export type AttachEnv = Readonly<Record<string, string | undefined>>;

export interface AttachOptions {
  /** The town's tmux socket name (tmux -L). */
  socket: string;
  session: string;
  /** Inside tmux: split the cockpit's pane (default) or open a new window. */
  mode?: 'split' | 'window';
  /** For 'split': beside (default) or below the cockpit. */
  direction?: 'horizontal' | 'vertical';
  /** For 'split': size of the new pane, e.g. "50%". */
  size?: string;
  /** Used to work out the town socket's path (tmux-UID); normally process.getuid(). */
  uid?: number;
  tmuxBin?: string;
  /** The client to run instead of `tmux -L SOCKET attach-session` (a session on an outpost: `ssh -t … tmux attach`). */
  client?: readonly string[];
}

/** Inside tmux: open a pane/window on the cockpit's server running a nested client. */
export interface TmuxPanePlan {
  kind: 'tmux-pane';
  mode: 'split' | 'window';
  /** The server the cockpit runs in, from $TMUX. */
  outerSocketPath: string;
  /** True when the cockpit runs in the town's own tmux server. */
  sameServer: boolean;
  /** The cockpit's pane ($TMUX_PANE), so the split lands beside it. */
  target: string | undefined;
  direction: 'horizontal' | 'vertical';
  size: string | undefined;
  /** argv run in the new pane. */
  command: string[];
  /** Set in the new pane: an empty TMUX lets the nested client attach. */
  env: Record<string, string>;
}

/** Outside tmux: run the client in a pty wired to the operator's terminal. */
export interface PtyPlan {
  kind: 'pty';
  file: string;
  args: string[];
  env: Record<string, string>;
  /** $TERM for the client. */
  term: string;
}

export type AttachPlan = TmuxPanePlan | PtyPlan;

/** Where tmux puts a -L socket: ${TMUX_TMPDIR:-/tmp}/tmux-UID/NAME. */
export function socketPathFor(socket: string, uid: number, env: AttachEnv): string {
  const base = env.TMUX_TMPDIR && env.TMUX_TMPDIR !== '' ? env.TMUX_TMPDIR : '/tmp';
  return posix.join(base, `tmux-${uid}`, socket);
}

/** $TMUX is "socket_path,server_pid,session_index"; the path may contain commas. */
export function outerSocketPath(tmuxVar: string): string {
  const parts = tmuxVar.split(',');
  return parts.length >= 3 ? parts.slice(0, -2).join(',') : tmuxVar;
}

function isSameServer(outerPath: string, opts: AttachOptions, env: AttachEnv): boolean {
  if (opts.uid !== undefined) {
    return posix.normalize(outerPath) === posix.normalize(socketPathFor(opts.socket, opts.uid, env));
  }
  return posix.basename(outerPath) === opts.socket && /\/tmux-\d+$/.test(posix.dirname(outerPath));
}

/** Decide how to attach the operator to `opts.session`. Pure. */
export function attachPlan(env: AttachEnv, opts: AttachOptions): AttachPlan {
  const bin = opts.tmuxBin ?? 'tmux';
  const [file, ...clientArgs] = opts.client ?? [
    bin,
    '-L',
    opts.socket,
    'attach-session',
    '-t',
    sessionTarget(opts.session),
  ];
  const tmuxVar = env.TMUX;

  if (tmuxVar !== undefined && tmuxVar !== '') {
    const outer = outerSocketPath(tmuxVar);
    return {
      kind: 'tmux-pane',
      mode: opts.mode ?? 'split',
      outerSocketPath: outer,
      sameServer: isSameServer(outer, opts, env),
      target: env.TMUX_PANE || undefined,
      direction: opts.direction ?? 'horizontal',
      size: opts.size,
      command: [file!, ...clientArgs],
      env: { TMUX: '' },
    };
  }

  const childEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && key !== 'TMUX' && key !== 'TMUX_PANE') childEnv[key] = value;
  }
  const term = env.TERM && env.TERM !== 'dumb' ? env.TERM : 'xterm-256color';
  childEnv.TERM = term;
  return { kind: 'pty', file: file!, args: clientArgs, env: childEnv, term };
}
