import { readdirSync, readFileSync } from 'node:fs';
import { procStatFields } from '../core/pid.js';

/**
 * Processes as Linux's /proc shows them: enough to find an agent's whole
 * process tree (children that left its session included) and end it safely.
 * Without /proc (macOS) every finder returns nothing.
 *
 * A process is named by pid AND start time: a pid recycled between finding
 * and signalling is a different process, and is never signalled.
 */

export type ProcId = { pid: number; start: string };

/** `ticks`: user + system CPU time so far, in clock ticks. */
export type ProcStat = ProcId & { ppid: number; pgid: number; sid: number; state: string; ticks: number };

/** One /proc/PID/stat, or undefined when the process is gone (or no /proc). */
export function readStat(pid: number): ProcStat | undefined {
  const f = procStatFields(pid);
  if (!f) return undefined;
  return {
    pid,
    state: f[0]!,
    ppid: Number(f[1]),
    pgid: Number(f[2]),
    sid: Number(f[3]),
    start: f[19]!,
    ticks: Number(f[11]) + Number(f[12]),
  };
}

/** Every pid in /proc (empty without /proc). */
export function listPids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((n) => /^\d+$/.test(n))
      .map(Number);
  } catch {
    return [];
  }
}

/** True while the process with this pid and start time exists and is not a zombie. */
export function isRunning(p: ProcId): boolean {
  const s = readStat(p.pid);
  return s !== undefined && s.start === p.start && s.state !== 'Z' && s.state !== 'X';
}

/**
 * Processes whose environment holds exactly `name=value` (as they were
 * started: /proc/PID/environ). Processes we may not read (another user's)
 * are skipped: they are not ours to end.
 */
export function processesWithEnv(name: string, value: string): ProcStat[] {
  const out: ProcStat[] = [];
  for (const pid of listPids()) {
    if (envValue(pid, name) !== value) continue;
    const s = readStat(pid);
    if (s && s.state !== 'Z') out.push(s);
  }
  return out;
}

/** The value of one variable in a process's environment as it started, or undefined (unset, gone, not ours). */
export function envValue(pid: number, name: string): string | undefined {
  let env: Buffer;
  try {
    env = readFileSync(`/proc/${pid}/environ`);
  } catch {
    return undefined;
  }
  const key = Buffer.from(`${name}=`);
  for (let i = env.indexOf(key); i !== -1; i = env.indexOf(key, i + 1)) {
    if (i !== 0 && env[i - 1] !== 0) continue;
    const end = env.indexOf(0, i);
    return env.subarray(i + key.length, end === -1 ? env.length : end).toString('utf8');
  }
  return undefined;
}

/** `root` and every process below it (by parent pid), as they stand now. */
export function processTree(root: number): ProcStat[] {
  const all = listPids()
    .map(readStat)
    .filter((s): s is ProcStat => s !== undefined);
  const rootStat = all.find((s) => s.pid === root);
  if (!rootStat) return [];
  const children = new Map<number, ProcStat[]>();
  for (const s of all) {
    const list = children.get(s.ppid);
    if (list) list.push(s);
    else children.set(s.ppid, [s]);
  }
  const out: ProcStat[] = [];
  const queue = [rootStat];
  const seen = new Set<number>();
  while (queue.length > 0) {
    const s = queue.shift()!;
    if (seen.has(s.pid)) continue;
    seen.add(s.pid);
    if (s.state !== 'Z') out.push(s);
    queue.push(...(children.get(s.pid) ?? []));
  }
  return out;
}

/** This process and its ancestors, and init: never signalled by endProcesses. */
function protectedPids(): Set<number> {
  const out = new Set<number>([0, 1]);
  for (let pid = process.pid; pid > 1 && !out.has(pid);) {
    out.add(pid);
    const s = readStat(pid);
    if (!s) break;
    pid = s.ppid;
  }
  return out;
}

export type EndResult = {
  /** Processes that were running and got SIGTERM. */
  terminated: number;
  /** Of those, how many needed SIGKILL after the grace. */
  killed: number;
  /** Still running at the end (should be none: a process in uninterruptible sleep, or not ours to signal). */
  left: ProcId[];
};

function signal(p: ProcId, sig: NodeJS.Signals): boolean {
  // Check the identity right before signalling: a recycled pid is someone else's process.
  if (!isRunning(p)) return false;
  try {
    process.kill(p.pid, sig);
    return true;
  } catch {
    return false;
  }
}

async function waitGone(procs: ProcId[], ms: number, pollMs: number): Promise<ProcId[]> {
  const deadline = Date.now() + ms;
  let alive = procs.filter(isRunning);
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, pollMs));
    alive = alive.filter(isRunning);
  }
  return alive;
}

/**
 * SIGTERM each process, wait up to `graceMs` for them to exit, then SIGKILL
 * the rest. Each is signalled only while its pid still has the start time
 * it was found with; this process, its ancestors and init are never signalled.
 */
export async function endProcesses(
  procs: readonly ProcId[],
  opts: { graceMs?: number; pollMs?: number } = {},
): Promise<EndResult> {
  const graceMs = opts.graceMs ?? 2000;
  const pollMs = opts.pollMs ?? 50;
  const keep = protectedPids();
  const unique = new Map<string, ProcId>();
  for (const p of procs) if (!keep.has(p.pid)) unique.set(`${p.pid}:${p.start}`, p);
  const termed = [...unique.values()].filter((p) => signal(p, 'SIGTERM'));
  const stubborn = await waitGone(termed, graceMs, pollMs);
  for (const p of stubborn) signal(p, 'SIGKILL');
  const left = await waitGone(stubborn, 2000, pollMs);
  return { terminated: termed.length, killed: stubborn.length, left };
}
