import { readFileSync } from 'node:fs';
import { listPids } from './proc-tree.js';

/**
 * CPU and resident memory of every agent's whole process tree, found by the
 * agent mark in each process's environment (children inherit it, also those
 * that left the session). One pass reads /proc/PID/stat of every process;
 * a process's environment is read once in its life (cached by pid and start
 * time), and /proc/PID/status only for marked processes. CPU % is the
 * tree's CPU time between two passes over the wall time between them (100%
 * = one core). Without /proc (macOS) nothing is found.
 */

export type TreeUsage = { procs: number; cpu_pct: number; rss_bytes: number };

/** Linux's USER_HZ: clock ticks per second in /proc/PID/stat (100 on every mainstream build). */
const CLK_TCK = 100;

function readStatTimes(pid: number): { start: string; ticks: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  if (f.length < 20 || f[0] === 'Z') return undefined;
  return { start: f[19]!, ticks: Number(f[11]) + Number(f[12]) };
}

function markOf(pid: number, name: string): string | undefined {
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

function rssBytes(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+)\s*kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export class ProcUsageSampler {
  /** pid:start → the process's mark ('' when it has none). */
  private readonly marks = new Map<string, string>();
  /** pid:start → CPU ticks at the previous pass. */
  private prev = new Map<string, number>();
  private prevAt: number | undefined;

  constructor(readonly markVar: string) {}

  /** Usage per mark value now. CPU % needs a previous pass: 0 on the first. */
  sample(now = Date.now()): Map<string, TreeUsage> {
    const out = new Map<string, TreeUsage>();
    const seen = new Set<string>();
    const ticksNow = new Map<string, number>();
    const elapsed = this.prevAt !== undefined ? (now - this.prevAt) / 1000 : 0;
    for (const pid of listPids()) {
      const st = readStatTimes(pid);
      if (!st) continue;
      const id = `${pid}:${st.start}`;
      seen.add(id);
      let mark = this.marks.get(id);
      if (mark === undefined) {
        mark = markOf(pid, this.markVar) ?? '';
        this.marks.set(id, mark);
      }
      if (mark === '') continue;
      ticksNow.set(id, st.ticks);
      const u = out.get(mark) ?? { procs: 0, cpu_pct: 0, rss_bytes: 0 };
      u.procs++;
      u.rss_bytes += rssBytes(pid);
      // A process born since the last pass counts from its start (its whole CPU time is recent).
      if (elapsed > 0) u.cpu_pct += ((st.ticks - (this.prev.get(id) ?? 0)) / CLK_TCK / elapsed) * 100;
      out.set(mark, u);
    }
    for (const id of this.marks.keys()) if (!seen.has(id)) this.marks.delete(id);
    this.prev = ticksNow;
    this.prevAt = now;
    for (const u of out.values()) u.cpu_pct = Math.max(0, Math.round(u.cpu_pct * 10) / 10);
    return out;
  }
}
