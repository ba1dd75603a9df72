import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Exec } from '../exec.js';
import { OutpostUnreachableError, sshError } from './errors.js';
import { clientOptions, commonOptions, masterOptions, sshHost, type SshTarget } from './options.js';

export type ConnectionState = {
  up: boolean;
  /** Unreachable since (epoch ms), while down. */
  downSince?: number;
  /** Failed attempts in a row. */
  failures: number;
  /** No new attempt before this (epoch ms). */
  retryAt: number;
  lastError?: OutpostUnreachableError;
  /** How long the last (re)connect took, ms. */
  connectMs?: number;
};

/** Pure: the wait after `failures` failed attempts in a row: 1 s, 2 s, 4 s … up to `maxMs`. */
export function backoffMs(failures: number, maxMs: number): number {
  if (failures <= 0) return 0;
  return Math.min(maxMs, 1000 * 2 ** Math.min(failures - 1, 20));
}

/**
 * One outpost's multiplexed OpenSSH connection (ControlMaster). Every
 * command runs over the master; when it is gone, one reconnect at a time is
 * made, and after a failure none before the backoff has passed: an outpost
 * that is down costs nothing per call but an immediate "unreachable since"
 * error, never a storm of connection attempts. `setup` runs after each
 * (re)connect (install the helper, re-add the reverse forwards).
 */
export class SshConnection {
  private state: ConnectionState = { up: false, failures: 0, retryAt: 0 };
  private opening?: Promise<void>;

  constructor(
    readonly target: SshTarget,
    private readonly local: Exec,
    private readonly opts: {
      maxBackoffMs: number;
      knownHostsLabel: string;
      setup?: () => Promise<void>;
      now?: () => number;
    },
  ) {}

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  get status(): Readonly<ConnectionState> {
    return this.state;
  }

  /** The master answers (a local question to its socket: no round trip to the host). */
  async masterRunning(): Promise<boolean> {
    if (!existsSync(this.target.controlPath)) return false;
    const r = await this.local.run(
      'ssh',
      [...commonOptions(this.target), '-O', 'check', sshHost(this.target)],
      {
        timeoutMs: 5000,
      },
    );
    return r.code === 0;
  }

  /** Make sure the master is up: at once when it is, else one (re)connect unless backing off. */
  async ensure(): Promise<void> {
    if (this.state.up && existsSync(this.target.controlPath)) return;
    if (this.opening) return this.opening;
    if (this.state.lastError && this.now() < this.state.retryAt) throw this.backoffError();
    this.opening = this.open().finally(() => (this.opening = undefined));
    return this.opening;
  }

  private backoffError(): OutpostUnreachableError {
    const e = this.state.lastError!;
    const since = this.state.downSince ? new Date(this.state.downSince).toISOString() : 'now';
    const wait = Math.max(0, Math.ceil((this.state.retryAt - this.now()) / 1000));
    return new OutpostUnreachableError(
      e.outpost,
      'backoff',
      `${e.message}; unreachable since ${since}, next attempt in ${wait}s`,
      { cause: e },
    );
  }

  private async open(): Promise<void> {
    const t0 = this.now();
    mkdirSync(dirname(this.target.controlPath), { recursive: true, mode: 0o700 });
    if (!(await this.masterRunning())) {
      const r = await this.local.run(
        'ssh',
        [...masterOptions(this.target), sshHost(this.target), '--', 'true'],
        {
          timeoutMs: this.target.connectTimeoutMs + 10_000,
        },
      );
      if (r.code !== 0 || r.timedOut) {
        const err = sshError(
          this.target,
          r.timedOut ? 'Connection timed out' : r.stderr,
          this.opts.knownHostsLabel,
        );
        this.markDown(err);
        throw err;
      }
    }
    this.state = { up: true, failures: 0, retryAt: 0 };
    try {
      await this.opts.setup?.();
    } catch (e) {
      if (e instanceof OutpostUnreachableError) {
        this.markDown(e);
        throw e;
      }
      throw e;
    }
    this.state.connectMs = this.now() - t0;
  }

  /** A command or probe found the link down: back off before the next attempt. */
  markDown(err: OutpostUnreachableError): void {
    const failures = this.state.failures + 1;
    const now = this.now();
    this.state = {
      up: false,
      failures,
      downSince: this.state.downSince ?? now,
      retryAt: now + backoffMs(failures, this.opts.maxBackoffMs),
      lastError: err,
    };
  }

  /** ssh argv for one command over the master. */
  clientArgs(remoteLine: string): string[] {
    return [...clientOptions(this.target), sshHost(this.target), '--', remoteLine];
  }

  /** Add a forward to the running master (`ssh -O forward -R REMOTE:LOCAL`); what ssh said when it failed. */
  async forwardRemote(spec: string): Promise<string | undefined> {
    const r = await this.local.run(
      'ssh',
      [...commonOptions(this.target), '-O', 'forward', '-R', spec, sshHost(this.target)],
      { timeoutMs: 10_000 },
    );
    return r.code === 0 ? undefined : r.stderr.trim() || `ssh -O forward exited ${r.code}`;
  }

  /** Close the master (`ssh -O exit`), whoever opened it. */
  async close(): Promise<void> {
    if (existsSync(this.target.controlPath))
      await this.local.run('ssh', [...commonOptions(this.target), '-O', 'exit', sshHost(this.target)], {
        timeoutMs: 5000,
      });
    this.state = { up: false, failures: 0, retryAt: 0 };
  }
}
