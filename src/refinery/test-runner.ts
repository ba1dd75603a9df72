import { sanitize } from '../core/sanitize.js';
import { gitEnv } from '../runtime/git.js';
import type { Runner } from '../runtime/runner.js';

/**
 * Run a rig's test_command. The command is operator-written rig config
 * (trusted, like a Makefile), so it runs through `sh -c`; nothing from an
 * issue, branch or agent is ever part of it. The runner starts it in its own
 * process group so a timeout (or the refinery's crash recovery) kills
 * everything it started, not just the shell.
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

export async function runTestCommand(runner: Runner, command: string, opts: TestOptions): Promise<TestRun> {
  const r = await runner.runGroup(command, {
    cwd: opts.cwd,
    env: { ...gitEnv(), OVERSEER_REFINERY: '1' },
    extendEnv: false,
    timeoutMs: opts.timeoutSec * 1000,
    keepBytes: KEEP_BYTES,
    onStart: opts.onStart,
  });
  let tail = tailOf(r.output);
  if (r.timedOut)
    tail = `${tail}\n[overseer: test command timed out after ${opts.timeoutSec}s and was killed]`.trimStart();
  return {
    ok: !r.timedOut && r.code === 0,
    exitCode: r.code,
    signal: r.signal,
    timedOut: r.timedOut,
    durationMs: r.durationMs,
    tail,
  };
}
