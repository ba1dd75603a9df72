import { spawn } from 'node:child_process';
import { SESSION_FORMAT } from '../src/runtime/tmux-list.js';
import type { BenchTmux } from './peers/measure.js';
import { cpuSecondsOf } from './peers/proc-tree.js';
import type { BenchRow } from './types.js';

/** CPU ms of one process (with the tmux clients it has reaped: this process's per-call clients). */
const cpuMs = (pid: number) => cpuSecondsOf(pid) * 1000;

/**
 * One `tmux -C` control-mode client on the town's server: commands written to
 * its stdin, each answer read between `%begin` and `%end` (or `%error`); pane
 * output is switched off (`no-output`) and its size ignored, so it only answers.
 */
class ControlClient {
  private buf = '';
  private waiting: ((lines: string[]) => void) | undefined;
  private block: string[] | undefined;
  readonly child;

  constructor(socket: string, session: string) {
    this.child = spawn('tmux', ['-L', socket, '-C', 'attach-session', '-t', session], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (d: string) => {
      this.buf += d;
      let i;
      while ((i = this.buf.indexOf('\n')) >= 0) {
        const line = this.buf.slice(0, i);
        this.buf = this.buf.slice(i + 1);
        if (this.block === undefined) {
          if (line.startsWith('%begin ')) this.block = [];
        } else if (line.startsWith('%end ') || line.startsWith('%error ')) {
          const done = this.block;
          this.block = undefined;
          const w = this.waiting;
          this.waiting = undefined;
          w?.(done);
        } else this.block.push(line);
      }
    });
  }

  command(text: string): Promise<string[]> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.child.stdin.write(text + '\n');
    });
  }

  async close(): Promise<void> {
    const gone = new Promise((r) => this.child.once('exit', r));
    this.child.stdin.end();
    await gone;
  }
}

/**
 * What one `list-sessions` costs the daemon on a server with `sessions`
 * sessions: as now (a tmux client process started per call) against a
 * persistent control-mode client (issue 15 asks to measure it before
 * choosing). CPU of this process, its clients and the tmux server, per call.
 */
export async function controlModeVsSpawn(
  tmux: BenchTmux,
  sessions: string[],
  calls = 500,
): Promise<BenchRow[]> {
  const listBySpawn = () => tmux.run(['list-sessions', '-F', SESSION_FORMAT]);
  const serverPid = Number(await tmux.run(['display-message', '-p', '#{pid}']));
  for (let i = 0; i < 5; i++) await listBySpawn();
  let self0 = cpuMs(process.pid);
  let server0 = cpuMs(serverPid);
  for (let i = 0; i < calls; i++) await listBySpawn();
  const spawnSelf = (cpuMs(process.pid) - self0) / calls;
  const spawnServer = (cpuMs(serverPid) - server0) / calls;

  const control = new ControlClient(tmux.socket, sessions[0]!);
  let listed = 0;
  try {
    await control.command('refresh-client -f no-output,ignore-size');
    const cmd = `list-sessions -F '${SESSION_FORMAT}'`;
    for (let i = 0; i < 5; i++) await control.command(cmd);
    self0 = cpuMs(process.pid);
    server0 = cpuMs(serverPid);
    const client0 = cpuMs(control.child.pid!);
    for (let i = 0; i < calls; i++) listed = (await control.command(cmd)).length;
    const ctlSelf = (cpuMs(process.pid) - self0) / calls;
    const ctlClient = (cpuMs(control.child.pid!) - client0) / calls;
    const ctlServer = (cpuMs(serverPid) - server0) / calls;
    const spawnTotal = spawnSelf + spawnServer;
    const ctlTotal = ctlSelf + ctlClient + ctlServer;
    process.stdout.write(
      `list-sessions of ${listed} sessions, CPU per call: a client process each ${spawnTotal.toFixed(2)} ms ` +
        `(node + client ${spawnSelf.toFixed(2)}, server ${spawnServer.toFixed(2)}); ` +
        `one control-mode client ${ctlTotal.toFixed(2)} ms (node ${ctlSelf.toFixed(2)}, client ${ctlClient.toFixed(2)}, server ${ctlServer.toFixed(2)})\n`,
    );
    return [
      {
        group: 'live',
        name: `list-sessions (${listed} sessions), a tmux client process per call: CPU per call`,
        value: spawnTotal,
        unit: 'ms',
      },
      {
        group: 'live',
        name: `list-sessions (${listed} sessions), over one tmux -C control client: CPU per call`,
        value: ctlTotal,
        unit: 'ms',
      },
    ];
  } finally {
    await control.close();
  }
}
