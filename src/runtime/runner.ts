/**
 * The process boundary. Everything Overseer starts — git, tmux, a rig's test
 * command, a verifier, the daemon in the background, the CLI for the command
 * palette — goes through a Runner, and every caller receives the Runner it
 * uses (from `runnerFor` in hosts.ts, or from its own caller): no module
 * keeps one of its own.
 *
 * A Runner is one host. `LocalRunner` (local-runner.ts) runs on this machine;
 * an outpost's `SshRunner` (ssh/ssh-runner.ts) implements the same methods
 * over one multiplexed connection (run → `ssh host -- 'argv'`, tmux → a Tmux
 * whose commands go through `run`, git → a GitRepo whose commands go through
 * `run`, copy → scp over the same connection, processes and runGroup → the
 * Overseer helper on the host). Starting a program that outlives this
 * process (`startDetached`) is LocalRunner's alone: on an outpost whatever
 * must outlive us runs in a tmux session.
 */
import type { Exec } from './exec.js';
import type { EndResult, ProcId, ProcStat } from './proc-tree.js';
import type { GitRepo } from './git.js';
import type { Tmux, TmuxServerRef } from './tmux.js';

export type { Exec, RunOptions, RunResult } from './exec.js';

export type GroupOptions = {
  cwd: string;
  env?: Record<string, string | undefined>;
  extendEnv?: boolean;
  timeoutMs: number;
  /** Called with the process group id as soon as the command starts (record it for crash recovery). */
  onStart?: (pgid: number) => Promise<void> | void;
  /** Output kept from the end (bytes). */
  keepBytes?: number;
};

export type GroupRun = {
  code?: number;
  signal?: string;
  timedOut: boolean;
  durationMs: number;
  /** The end of stdout and stderr, interleaved, unsanitized. */
  output: string;
};

export type DetachedOptions = {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Append stdout and stderr to this file; default: discarded. */
  logFile?: string;
  /**
   * A channel for the start: the program may send `{ kind: 'start-failed', message }`
   * (Node IPC) to say why it stops, which reaches the starter even when it
   * cannot write its log (a full disk). Closed by `release()`.
   */
  startReport?: boolean;
};

export type Detached = {
  pid: number;
  /** The exit code once it has exited (null: killed by a signal), undefined while it runs. */
  exited(): number | null | undefined;
  /** What the program reported through the start channel, if anything. */
  startFailure(): string | undefined;
  /** Close the start channel: the program runs on alone. */
  release(): void;
};

/**
 * Processes on the runner's host. Every answer is a promise: on an outpost
 * each call is one round trip over its SSH connection; on this machine it is
 * read from /proc at once (LocalRunner wraps the synchronous table in
 * processes.ts, which this machine's own bookkeeping — the daemon's pid, a
 * lock's holder — may use directly).
 */
export interface ProcessTable {
  /** Is a process with this pid running (EPERM counts as running)? */
  alive(pid: number | undefined): Promise<boolean>;
  /** Its command line (argv), or undefined when it is gone or the host cannot tell. */
  cmdline(pid: number): Promise<string[] | undefined>;
  /** Its working directory, or undefined when it is gone or the host cannot tell. */
  cwd(pid: number): Promise<string | undefined>;
  /** Send a signal to one process; false when it was gone. */
  signal(pid: number, signal?: NodeJS.Signals): Promise<boolean>;
  /** Send a signal to a whole process group; false when it was gone. */
  signalGroup(pgid: number, signal?: NodeJS.Signals): Promise<boolean>;
  /**
   * An agent's processes in one answer: `root` (a pane's pid) and every
   * process below it, plus every process whose environment holds exactly
   * NAME=VALUE (its mark); none where the host cannot tell.
   */
  find(q: { treeOf?: number; env?: { name: string; value: string } }): Promise<ProcStat[]>;
  /**
   * SIGTERM, then SIGKILL after the grace. A pid is signalled only while its
   * start time is the one it was found with; the caller and its ancestors never.
   */
  end(procs: readonly ProcId[], opts?: { graceMs?: number }): Promise<EndResult>;
}

export interface Runner extends Exec {
  /**
   * Run an operator-written command line (a rig's test_command: trusted config,
   * like a Makefile) through `sh -c`, in its own process group; on timeout,
   * and after it exits, everything left in the group is killed.
   */
  runGroup(commandLine: string, opts: GroupOptions): Promise<GroupRun>;
  readonly processes: ProcessTable;
  /** A git repository (or worktree) on this host. */
  git(dir: string): GitRepo;
  /** A tmux server on this host. */
  tmux(server: TmuxServerRef): Tmux;
  /** Copy a file or directory tree from this machine to `to` on the host. */
  copy(from: string, to: string): Promise<void>;
}
