import { readFileSync } from 'node:fs';
import { envValue, listPids, readStat } from './proc-tree.js';

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
  const s = readStat(pid);
  return s && s.state !== 'Z' ? s : undefined;
}

function rssBytes(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+)\s*kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** One marked process as one pass saw it: `pid:start`, its agent's mark, CPU ticks so far, resident bytes. */
export type ProcSample = { id: string; mark: string; ticks: number; rss: number };

/**
 * One /proc pass: every process carrying `markVar` (and, with `want`, one of
 * those marks). `marks` caches each process's mark by `pid:start` across
 * passes (a process's environment is read once in its life); entries of
 * processes that are gone are dropped.
 */
export function scanMarked(
  markVar: string,
  marks: Map<string, string> = new Map(),
  want?: (mark: string) => boolean,
): ProcSample[] {
  const out: ProcSample[] = [];
  const seen = new Set<string>();
  for (const pid of listPids()) {
    const st = readStatTimes(pid);
    if (!st) continue;
    const id = `${pid}:${st.start}`;
    seen.add(id);
    let mark = marks.get(id);
    if (mark === undefined) {
      mark = envValue(pid, markVar) ?? '';
      marks.set(id, mark);
    }
    if (mark === '' || (want && !want(mark))) continue;
    out.push({ id, mark, ticks: st.ticks, rss: rssBytes(pid) });
  }
  for (const id of marks.keys()) if (!seen.has(id)) marks.delete(id);
  return out;
}

/**
 * Tree usage from successive passes (of this machine, or of an outpost whose
 * helper sent its samples): CPU % is each process's CPU time since the last
 * pass over the wall time between them, summed per mark (100% = one core).
 */
export class UsageBook {
  /** pid:start → CPU ticks at the previous pass. */
  private prev = new Map<string, number>();
  private prevAt: number | undefined;

  /** Usage per mark at `now` (the clock of the host the samples came from). CPU % is 0 on the first pass. */
  add(samples: ProcSample[], now: number): Map<string, TreeUsage> {
    const out = new Map<string, TreeUsage>();
    const ticksNow = new Map<string, number>();
    const elapsed = this.prevAt !== undefined ? (now - this.prevAt) / 1000 : 0;
    for (const s of samples) {
      ticksNow.set(s.id, s.ticks);
      const u = out.get(s.mark) ?? { procs: 0, cpu_pct: 0, rss_bytes: 0 };
      u.procs++;
      u.rss_bytes += s.rss;
      // A process born since the last pass counts from its start (its whole CPU time is recent).
      if (elapsed > 0) u.cpu_pct += ((s.ticks - (this.prev.get(s.id) ?? 0)) / CLK_TCK / elapsed) * 100;
      out.set(s.mark, u);
    }
    this.prev = ticksNow;
    this.prevAt = now;
    for (const u of out.values()) u.cpu_pct = Math.max(0, Math.round(u.cpu_pct * 10) / 10);
    return out;
  }
}

/** This machine's agents: one scan per pass, marks cached, usage booked. */
export class ProcUsageSampler {
  /** pid:start → the process's mark ('' when it has none). */
  private readonly marks = new Map<string, string>();
  private readonly book = new UsageBook();

  constructor(readonly markVar: string) {}

  /** Usage per mark value now. CPU % needs a previous pass: 0 on the first. */
  sample(now = Date.now(), want?: (mark: string) => boolean): Map<string, TreeUsage> {
    return this.book.add(scanMarked(this.markVar, this.marks, want), now);
  }
}
