import { execFileSync } from 'node:child_process';
import { pidRuns } from '../../../src/core/pid.js';
import { OVERSEER_BIN } from '../cli.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The built cockpit (bin/overseer.js) in a pane of its own tmux server (a
 * throwaway -L socket, no config file): started with its arguments and
 * environment, read with capture-pane, ended with `q` or by killing the server.
 * The pane stays after the cockpit exits, so its exit can be waited for.
 */
export class CockpitPane {
  readonly socket = `ov-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private pid = 0;
  private serverPid = 0;

  tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  start(args: string[], env: Record<string, string>, size = { cols: 100, rows: 30 }): void {
    const e = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    this.tmux(
      'new-session',
      '-d',
      '-s',
      'cockpit',
      '-x',
      `${size.cols}`,
      '-y',
      `${size.rows}`,
      ...e,
      process.execPath,
      OVERSEER_BIN,
      ...args,
      ';',
      'set-option',
      '-t',
      'cockpit',
      'remain-on-exit',
      'on',
    );
    const [pane, server] = this.tmux('display-message', '-p', '-t', 'cockpit', '#{pane_pid} #{pid}')
      .trim()
      .split(' ');
    this.pid = Number(pane);
    this.serverPid = Number(server);
  }

  screen(): string {
    try {
      return this.tmux('capture-pane', '-p', '-t', 'cockpit');
    } catch {
      return '';
    }
  }

  async waitFor(what: string | RegExp, ms = 20_000): Promise<string> {
    const end = Date.now() + ms;
    for (;;) {
      const s = this.screen();
      if (typeof what === 'string' ? s.includes(what) : what.test(s)) return s;
      if (Date.now() > end) throw new Error(`screen never showed ${String(what)}; screen:\n${s}`);
      await sleep(100);
    }
  }

  /** Quit with `q` and wait until the cockpit has exited; the pane (and the server) are then removed. */
  async quit(): Promise<void> {
    this.tmux('send-keys', '-t', 'cockpit', 'q');
    for (
      let i = 0;
      i < 100 && this.tmux('display-message', '-p', '-t', 'cockpit', '#{pane_dead}').trim() !== '1';
      i++
    )
      await sleep(50);
    this.tmux('kill-session', '-t', 'cockpit');
    // The server exits with its last session: wait for it, or the next start() may reach it
    // while it goes ("server exited unexpectedly").
    for (let i = 0; i < 100 && this.serverPid && pidRuns(this.serverPid); i++) await sleep(20);
  }

  /** Kill the server and wait for the cockpit's process to be gone (its town's files may then go). */
  async stop(): Promise<void> {
    try {
      this.tmux('kill-server');
    } catch {
      /* already gone */
    }
    for (let i = 0; i < 50 && this.pid && pidRuns(this.pid); i++) await sleep(50);
  }
}
