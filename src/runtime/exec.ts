/**
 * The smallest part of a Runner: run one program on its host and wait. The
 * git and tmux adapters need only this, so an SSH runner gets them for free
 * by implementing `run` over its connection.
 */
export type RunOptions = {
  cwd?: string;
  /** Added to the environment (or the whole environment with `extendEnv: false`). */
  env?: Record<string, string | undefined>;
  /** Inherit this process's environment under `env` (default true). */
  extendEnv?: boolean;
  /** Kill the command after this long; the result says `timedOut`. */
  timeoutMs?: number;
  /** Text written to the command's stdin; default: no stdin. */
  input?: string;
  /** Largest stdout/stderr kept (bytes); default 64 MiB. */
  maxBuffer?: number;
};

export type RunResult = {
  /** Exit code; -1 when the command could not start or was killed by a signal. */
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as they came. */
  all: string;
  signal?: string;
  timedOut: boolean;
  /** The program does not exist (ENOENT). */
  missing: boolean;
};

export interface Exec {
  /** The host: 'local', or an outpost's name. */
  readonly host: string;
  /** Run a program with an argument array (never a shell) and wait for it. Never rejects for a non-zero exit. */
  run(bin: string, args: readonly string[], opts?: RunOptions): Promise<RunResult>;
}
