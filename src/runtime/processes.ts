import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, readlinkSync } from 'node:fs';
import { pidRuns } from '../core/pid.js';
import { endProcesses, processesWithEnv, processTree } from './proc-tree.js';
import type { Detached, DetachedOptions, GroupOptions, GroupRun, ProcessTable } from './runner.js';
import type { EndResult, ProcId, ProcStat } from './proc-tree.js';

/** This machine's processes, answered at once from /proc. */
export interface LocalProcessTable {
  alive(pid: number | undefined): boolean;
  cmdline(pid: number): string[] | undefined;
  cwd(pid: number): string | undefined;
  signal(pid: number, signal?: NodeJS.Signals): boolean;
  signalGroup(pgid: number, signal?: NodeJS.Signals): boolean;
  find(q: { treeOf?: number; env?: { name: string; value: string } }): ProcStat[];
  end(procs: readonly ProcId[], opts?: { graceMs?: number }): Promise<EndResult>;
}

/**
 * Processes on this machine: detached starts, process groups, and what
 * /proc says about a pid. The one module that does any of these; the
 * LocalRunner hands it out (as `here`, and as its promise-shaped
 * `processes`) and uses it for `startDetached` and `runGroup`.
 */
export const localProcesses: LocalProcessTable = {
  alive: pidRuns,
  cmdline(pid) {
    try {
      const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return raw === '' ? [] : raw.replace(/\0$/, '').split('\0');
    } catch {
      return undefined;
    }
  },
  cwd(pid) {
    try {
      return readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      return undefined;
    }
  },
  signal(pid, signal = 'SIGTERM') {
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  },
  signalGroup(pgid, signal = 'SIGKILL') {
    try {
      process.kill(-pgid, signal);
      return true;
    } catch {
      return false;
    }
  },
  find(q) {
    const tree = q.treeOf !== undefined && q.treeOf > 1 ? processTree(q.treeOf) : [];
    const marked = q.env ? processesWithEnv(q.env.name, q.env.value) : [];
    return [...tree, ...marked];
  },
  end: endProcesses,
};

/** The same table, promise-shaped like every host's (Runner.processes). */
export function asProcessTable(t: LocalProcessTable): ProcessTable {
  return {
    alive: async (pid) => t.alive(pid),
    cmdline: async (pid) => t.cmdline(pid),
    cwd: async (pid) => t.cwd(pid),
    signal: async (pid, sig) => t.signal(pid, sig),
    signalGroup: async (pgid, sig) => t.signalGroup(pgid, sig),
    find: async (q) => t.find(q),
    end: (procs, opts) => t.end(procs, opts),
  };
}

/** A program in its own session (setsid), no terminal, stdio to a log file or nowhere; not waited for. */
export function startDetached(bin: string, args: readonly string[], opts: DetachedOptions = {}): Detached {
  const fd = opts.logFile !== undefined ? openSync(opts.logFile, 'a') : undefined;
  let exited: number | null | undefined;
  let failure: string | undefined;
  try {
    const out = fd ?? 'ignore';
    const child = spawn(bin, [...args], {
      detached: true,
      stdio: opts.startReport
        ? ['ignore', out, out, 'ipc']
        : fd === undefined
          ? 'ignore'
          : ['ignore', fd, fd],
      env: opts.env ?? process.env,
      ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}),
    });
    child.on('error', () => (exited = exited ?? -1));
    child.on('exit', (code) => (exited = code));
    child.on('message', (m: { kind?: unknown; message?: unknown }) => {
      if (m?.kind === 'start-failed' && typeof m.message === 'string') failure = m.message;
    });
    child.unref();
    // The channel never keeps this process alive; release() closes it.
    (child.channel as { unref?: () => void } | undefined)?.unref?.();
    if (child.pid === undefined) throw new Error(`could not start ${bin}`);
    return {
      pid: child.pid,
      exited: () => exited,
      startFailure: () => failure,
      release: () => {
        if (child.connected) child.disconnect();
      },
    };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * `sh -c LINE` in its own process group, output kept from the end. On
 * timeout the group gets SIGTERM, then SIGKILL two seconds later; whatever
 * the command left running in its group is killed when it exits.
 */
export async function runGroup(commandLine: string, opts: GroupOptions): Promise<GroupRun> {
  const keep = opts.keepBytes ?? 64 * 1024;
  const started = Date.now();
  const { execa } = await import('execa'); // loaded on first use: not on the cockpit's path to its first frame
  const child = execa(commandLine, {
    shell: true,
    cwd: opts.cwd,
    env: opts.env,
    extendEnv: opts.extendEnv ?? true,
    detached: true,
    stdin: 'ignore',
    buffer: false,
    reject: false,
  });
  let out = '';
  const take = (chunk: Buffer | string) => {
    out += chunk.toString();
    if (out.length > keep * 2) out = out.slice(-keep);
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
      localProcesses.signalGroup(pid, 'SIGTERM');
      hardKill = setTimeout(() => localProcesses.signalGroup(pid, 'SIGKILL'), 2000);
    }
  }, opts.timeoutMs);
  const r = await child;
  clearTimeout(timer);
  if (hardKill) clearTimeout(hardKill);
  if (pid !== undefined) localProcesses.signalGroup(pid, 'SIGKILL');
  return {
    ...(r.exitCode !== undefined ? { code: r.exitCode } : {}),
    ...(r.signal ? { signal: r.signal } : {}),
    timedOut,
    durationMs: Date.now() - started,
    output: out,
  };
}
