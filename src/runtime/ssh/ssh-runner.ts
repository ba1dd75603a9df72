import { dirname } from 'node:path';
import { OverseerError } from '../../core/errors.js';
import type { OutpostLayout } from '../../town/outposts.js';
import type { OutpostConfig } from '../../town/schemas/outpost.js';
import { GitRepo } from '../git.js';
import type { LockedText } from '../locked-replace.js';
import type { LocalRunner } from '../local-runner.js';
import type { GroupOptions, GroupRun, ProcessTable, Runner, RunOptions, RunResult } from '../runner.js';
import { Tmux, type TmuxServerRef } from '../tmux.js';
import { SshConnection } from './connection.js';
import { isSshFailure, OutpostUnreachableError, sshError } from './errors.js';
import { commonOptions, scpPath, sshHost, type SshTarget } from './options.js';
import { remoteLine } from './remote-line.js';
import { shJoin } from './quote.js';
import { remoteProcesses } from './remote-processes.js';
import { setupOutpost, type RemoteHost } from './setup.js';
import type { OutpostHost } from './outpost-host.js';

export type SshRunnerOptions = {
  config: OutpostConfig;
  layout: OutpostLayout;
  controlPath: string;
  /** The town's call gateway for this outpost (a local unix socket), forwarded to layout.gateway. */
  gatewaySocket: string;
  local: LocalRunner;
};

/**
 * The Runner of an outpost: every call is one command over the outpost's
 * multiplexed SSH connection. git and tmux are GitRepo and Tmux over `run`;
 * processes and runGroup ask Overseer's helper on the host; copy is scp over
 * the same master. The town's tmux server there lives on a socket under the
 * outpost's directory (never the host's shared /tmp).
 */
export class SshRunner implements Runner, OutpostHost {
  readonly host: string;
  readonly config: OutpostConfig;
  readonly layout: OutpostLayout;
  readonly target: SshTarget;
  readonly conn: SshConnection;
  readonly processes: ProcessTable;
  readonly gatewaySocket: string;
  private readonly local: LocalRunner;
  private remote?: RemoteHost;

  constructor(o: SshRunnerOptions) {
    this.host = o.config.name;
    this.config = o.config;
    this.layout = o.layout;
    this.local = o.local;
    this.gatewaySocket = o.gatewaySocket;
    this.target = {
      name: o.config.name,
      host: o.config.host,
      user: o.config.user,
      port: o.config.port,
      identityFile: o.config.identity_file,
      knownHosts: o.config.known_hosts,
      sshConfig: o.config.ssh_config,
      connectTimeoutMs: o.config.connect_timeout,
      keepaliveMs: o.config.keepalive,
      controlPath: o.controlPath,
    };
    this.conn = new SshConnection(this.target, o.local, {
      maxBackoffMs: o.config.max_backoff,
      knownHostsLabel: o.config.known_hosts ?? '~/.ssh/known_hosts',
      setup: async () => {
        this.remote = await setupOutpost(this);
      },
    });
    this.processes = remoteProcesses(this);
  }

  /** What the host told us at connect: its PATH, its node, the helper's directory. */
  async hostInfo(): Promise<RemoteHost> {
    await this.conn.ensure();
    if (!this.remote) this.remote = await setupOutpost(this);
    return this.remote;
  }

  async run(bin: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    await this.conn.ensure();
    return this.exec(remoteLine(bin, args, opts), opts);
  }

  /** Run a command line we wrote ourselves, over the master, without ensuring it first (setup uses it). */
  async exec(
    line: string,
    opts: Pick<RunOptions, 'input' | 'timeoutMs' | 'maxBuffer'> = {},
  ): Promise<RunResult> {
    const r = await this.local.run('ssh', this.conn.clientArgs(line), {
      ...(opts.input !== undefined ? { input: opts.input } : {}),
      ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
      ...(opts.maxBuffer !== undefined ? { maxBuffer: opts.maxBuffer } : {}),
    });
    if (isSshFailure(r.code, r.stderr)) {
      const err = sshError(this.target, r.stderr, this.config.known_hosts ?? '~/.ssh/known_hosts');
      this.conn.markDown(err);
      throw err;
    }
    return { ...r, missing: r.code === 127 && /not found|No such file/i.test(r.stderr) };
  }

  /** Run the helper's `sub` command with a JSON request on stdin; its JSON answer. */
  async helper<T>(sub: string, request: unknown, timeoutMs = 30_000): Promise<T> {
    const info = await this.hostInfo();
    if (!info.node)
      throw new OverseerError(
        'node-missing',
        `node is not installed on outpost ${this.host} (Overseer's helper needs it)`,
      );
    const r = await this.exec(remoteLine(info.node, [`${info.helper}/ov-remote.js`, sub]), {
      input: JSON.stringify(request),
      timeoutMs,
    });
    if (r.timedOut)
      throw new OutpostUnreachableError(
        this.host,
        'network',
        `outpost ${this.host}: helper ${sub} timed out after ${timeoutMs} ms`,
      );
    if (r.code !== 0)
      throw new OverseerError(
        'helper-failed',
        `outpost ${this.host}: helper ${sub} failed (exit ${r.code}): ${r.stderr.trim().split('\n').slice(-3).join(' / ')}`,
      );
    try {
      return JSON.parse(r.stdout) as T;
    } catch {
      throw new OverseerError(
        'helper-failed',
        `outpost ${this.host}: helper ${sub} answered no JSON: ${r.stdout.slice(0, 200)}`,
      );
    }
  }

  /** Config files on the outpost edited under their owner's lock: `cat`, then the helper's `replace`. */
  lockedText(): LockedText {
    return {
      read: async (file) => {
        const r = await this.run('cat', ['--', file]);
        return r.code === 0 ? r.stdout : undefined;
      },
      replaceIfUnchanged: (file, expect, text) =>
        this.helper<boolean>('replace', { file, ...(expect !== undefined ? { expect } : {}), text }),
    };
  }

  async runGroup(commandLine: string, opts: GroupOptions): Promise<GroupRun> {
    const env = Object.fromEntries(Object.entries(opts.env ?? {}).filter(([, v]) => v !== undefined));
    return this.helper<GroupRun>(
      'group',
      { line: commandLine, cwd: opts.cwd, env, timeoutMs: opts.timeoutMs, keepBytes: opts.keepBytes },
      opts.timeoutMs + 15_000,
    );
  }

  git(dir: string): GitRepo {
    return new GitRepo(this, dir);
  }

  /** The town's tmux server on the outpost: `-S <dir>/t-<town>/tmux/<socket name>`. */
  tmux(server: TmuxServerRef): Tmux {
    if (!('socket' in server))
      throw new OverseerError(
        'bad-tmux-server',
        `outpost ${this.host}: only a named tmux server can be used there`,
      );
    return new Tmux({ socketPath: this.layout.tmuxSocket(server.socket), runner: this });
  }

  /** scp over the master; the target's directory is made first. */
  async copy(from: string, to: string): Promise<void> {
    await this.conn.ensure();
    const mk = await this.run('mkdir', ['-p', dirname(to)]);
    if (mk.code !== 0)
      throw new OverseerError(
        'copy-failed',
        `outpost ${this.host}: cannot create ${dirname(to)}: ${mk.stderr.trim()}`,
      );
    const r = await this.local.run(
      'scp',
      [
        ...commonOptions(this.target),
        '-o',
        'ControlMaster=no',
        '-q',
        '-p',
        '-r',
        from,
        scpPath(this.target, to),
      ],
      { timeoutMs: 120_000 },
    );
    if (r.code !== 0) {
      if (isSshFailure(r.code, r.stderr)) {
        const err = sshError(this.target, r.stderr, this.config.known_hosts ?? '~/.ssh/known_hosts');
        this.conn.markDown(err);
        throw err;
      }
      throw new OverseerError(
        'copy-failed',
        `outpost ${this.host}: cannot copy ${from} to ${to}: ${r.stderr.trim()}`,
      );
    }
  }

  /** `ssh://…PATH` of a repository on the outpost, for git over this connection. */
  gitUrl(path: string): string {
    const host = this.target.host.includes(':') ? `[${this.target.host}]` : this.target.host;
    return `ssh://${this.target.user ? `${this.target.user}@` : ''}${host}${this.target.port ? `:${this.target.port}` : ''}${path}`;
  }

  /** The environment that makes a local git talk to the outpost over the master (git over SSH). */
  async gitSshEnv(): Promise<Record<string, string>> {
    await this.conn.ensure();
    return {
      GIT_SSH_COMMAND: shJoin(['ssh', ...commonOptions(this.target), '-o', 'ControlMaster=no']),
      GIT_SSH_VARIANT: 'ssh',
    };
  }

  /** The operator's client for a session of the town's tmux there: `ssh -t HOST -- tmux -S SOCKET attach-session -t =SESSION`. */
  attachClient(socketName: string, session: string): string[] {
    return this.terminalClient(
      shJoin(['tmux', '-S', this.layout.tmuxSocket(socketName), 'attach-session', '-t', `=${session}`]),
    );
  }

  /** The operator's login shell there, in Overseer's directory: `ssh -t HOST -- cd DIR && exec $SHELL -l`. */
  shellClient(): string[] {
    return this.terminalClient(`cd ${shJoin([this.config.dir])} && exec "\${SHELL:-/bin/sh}" -l`);
  }

  private terminalClient(remote: string): string[] {
    return [
      'ssh',
      ...commonOptions(this.target),
      '-o',
      'ControlMaster=no',
      '-t',
      sshHost(this.target),
      '--',
      remote,
    ];
  }

  /** Close the connection (the master, whoever opened it). */
  async close(): Promise<void> {
    this.remote = undefined;
    await this.conn.close();
  }
}
