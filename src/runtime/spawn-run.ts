import { spawn } from 'node:child_process';
import type { Exec, RunOptions, RunResult } from './exec.js';

const MAX_BUFFER = 64 << 20;

/** execa's default: one final newline (\n or \r\n) is not part of the output. */
function stripFinalNewline(s: string): string {
  if (s.endsWith('\r\n')) return s.slice(0, -2);
  return s.endsWith('\n') ? s.slice(0, -1) : s;
}

/**
 * Run one program with an argument array (never a shell) and collect its
 * output: the same contract and results as the Runner's execa-based `run`
 * (exit code, stdout, stderr, both interleaved, signal, timeout, missing
 * program, final newline stripped), on Node's own spawn. For the small calls
 * a long-running process makes every few seconds (tmux): execa's machinery
 * costs about three times the parent's CPU per call (bench: live).
 */
export function spawnRun(bin: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const maxBuffer = opts.maxBuffer ?? MAX_BUFFER;
  const env = opts.extendEnv === false ? { ...opts.env } : { ...process.env, ...opts.env };
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const all: Buffer[] = [];
    let size = 0;
    let timedOut = false;
    let settled = false;
    const child = spawn(bin, [...args], {
      ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}),
      env,
      stdio: [opts.input !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    const timer =
      opts.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true;
            child.kill('SIGTERM');
          }, opts.timeoutMs)
        : undefined;
    const take = (into: Buffer[]) => (b: Buffer) => {
      size += b.length;
      if (size > maxBuffer) return void child.kill('SIGTERM');
      into.push(b);
      all.push(b);
    };
    child.stdout!.on('data', take(out));
    child.stderr!.on('data', take(err));
    const done = (r: Omit<RunResult, 'stdout' | 'stderr' | 'all' | 'timedOut'>) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      const text = (b: Buffer[]) => stripFinalNewline(Buffer.concat(b).toString('utf8'));
      resolve({ ...r, stdout: text(out), stderr: text(err), all: text(all), timedOut });
    };
    child.on('error', (e: NodeJS.ErrnoException) =>
      done({ code: -1, missing: e.code === 'ENOENT' && e.syscall?.startsWith('spawn') === true }),
    );
    child.on('close', (code, signal) =>
      done({ code: code ?? -1, ...(signal ? { signal } : {}), missing: false }),
    );
    if (opts.input !== undefined) {
      child.stdin!.on('error', () => undefined); // a program that exits without reading its input
      child.stdin!.end(opts.input);
    }
  });
}

/** The Exec of this machine for tmux: spawnRun. */
export const spawnExec: Exec = { host: 'local', run: spawnRun };
