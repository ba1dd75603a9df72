import { cp } from 'node:fs/promises';
import { GitRepo } from './git.js';
import { asProcessTable, localProcesses, runGroup, startDetached } from './processes.js';
import type { Detached, DetachedOptions, Runner, RunOptions, RunResult } from './runner.js';
import { spawnExec } from './spawn-run.js';
import { Tmux, type TmuxServerRef } from './tmux.js';

/** The Runner for this machine: execa with argument arrays, never a shell (runGroup excepted, by design). */
export class LocalRunner implements Runner {
  readonly host = 'local';
  /** This machine's processes, synchronous (the daemon's pid, lock holders). */
  readonly here = localProcesses;
  readonly processes = asProcessTable(localProcesses);

  async run(bin: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    // execa is loaded on first use: a command (the cockpit above all) starts without it.
    const { execa } = await import('execa');
    const r = await execa(bin, [...args], {
      ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}),
      env: opts.env,
      extendEnv: opts.extendEnv ?? true,
      reject: false,
      all: true,
      ...(opts.input !== undefined ? { input: opts.input } : { stdin: 'ignore' as const }),
      ...(opts.timeoutMs !== undefined ? { timeout: opts.timeoutMs } : {}),
      maxBuffer: opts.maxBuffer ?? 64 << 20,
    });
    return {
      code: typeof r.exitCode === 'number' ? r.exitCode : -1,
      stdout: String(r.stdout ?? ''),
      stderr: String(r.stderr ?? ''),
      all: String(r.all ?? ''),
      ...(r.signal ? { signal: r.signal } : {}),
      timedOut: r.timedOut === true,
      missing: r.code === 'ENOENT',
    };
  }

  runGroup = runGroup;

  /** Start a program that outlives this process (own session, no terminal). This machine only. */
  startDetached(bin: string, args: readonly string[], opts?: DetachedOptions): Detached {
    return startDetached(bin, args, opts);
  }

  git(dir: string): GitRepo {
    return new GitRepo(this, dir);
  }

  /** tmux runs through Node's spawn (spawnRun): the daemon and the cockpit call it every few seconds. */
  tmux(server: TmuxServerRef): Tmux {
    return new Tmux({ ...server, runner: spawnExec });
  }

  async copy(from: string, to: string): Promise<void> {
    await cp(from, to, { recursive: true, force: true, preserveTimestamps: true });
  }
}
