import { execa } from 'execa';
import { sanitize } from '../core/sanitize.js';
import { gitEnv } from '../runtime/git.js';

/**
 * Run a rig's test_command. The command is operator-written rig config
 * (trusted, like a Makefile), so it runs through `sh -c`; nothing from an
 * issue, branch or agent is ever part of it. It runs in its own process
 * group so a timeout (or the refinery's crash recovery) kills everything it
 * started, not just the shell.
 */

export const TAIL_LINES = 40;
const KEEP_BYTES = 64 * 1024;

export type TestRun = {
  ok: boolean;
  exitCode?: number;
  signal?: string;
  timedOut: boolean;
  durationMs: number;
  /** The last TAIL_LINES lines of stdout+stderr, sanitized. */
  tail: string;
};

export type TestOptions = {
  cwd: string;
  timeoutSec: number;
  /** Called with the process group id as soon as the command starts (record it for crash recovery). */
  onStart?: (pgid: number) => Promise<void> | void;
};

export function tailOf(text: string, lines = TAIL_LINES): string {
  const all = sanitize(text).replace(/\n+$/, '').split('\n');
  return all
    .slice(-lines)
    .map((l) => (l.length > 400 ? l.slice(0, 399) + '…' : l))
    .join('\n');
}

/** Kill a process group, ignoring "no such process". */
export function killGroup(pgid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    /* already gone */
  }
}

export async function runTestCommand(command: string, opts: TestOptions): Promise<TestRun> {
  const started = Date.now();
  const child = execa(command, {
    shell: true,
    cwd: opts.cwd,
    env: { ...gitEnv(), OVERSEER_REFINERY: '1' },
    extendEnv: false,
    detached: true,
    stdin: 'ignore',
    buffer: false,
    reject: false,
  });
  let out = '';
  const take = (chunk: Buffer | string) => {
    out += chunk.toString();
    if (out.length > KEEP_BYTES * 2) out = out.slice(-KEEP_BYTES);
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  const pid = child.pid;
  if (pid !== undefined) await opts.onStart?.(pid);
  let timedOut = false;
  let hardKill: NodeJS.Timeout | undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    if (pid !== undefined) {
      killGroup(pid, 'SIGTERM');
      hardKill = setTimeout(() => killGroup(pid, 'SIGKILL'), 2000);
    }
  }, opts.timeoutSec * 1000);
  const r = await child;
  clearTimeout(timer);
  if (hardKill) clearTimeout(hardKill);
  // Anything the command left running in its group goes too.
  if (pid !== undefined) killGroup(pid, 'SIGKILL');
  let tail = tailOf(out);
  if (timedOut)
    tail = `${tail}\n[overseer: test command timed out after ${opts.timeoutSec}s and was killed]`.trimStart();
  return {
    ok: !timedOut && r.exitCode === 0,
    exitCode: r.exitCode ?? undefined,
    signal: r.signal ?? undefined,
    timedOut,
    durationMs: Date.now() - started,
    tail,
  };
}
