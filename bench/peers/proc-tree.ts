import { readdirSync, readFileSync } from 'node:fs';

/**
 * The process tree under one pid, read from /proc: resident memory and CPU
 * time, as `ps` would add them up. Linux only (the bench machine).
 */
type Stat = { pid: number; ppid: number; ticks: number; rssPages: number };

const PAGE = 4096;
const HZ = 100; // USER_HZ: the unit of utime/stime in /proc/<pid>/stat on Linux

function readStat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may hold spaces and parentheses: fields start after the last ')'.
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // f[0] is state (field 3); utime=14, stime=15, cutime=16, cstime=17, rss=24 (1-based fields).
    const n = (field: number) => Number(f[field - 3]);
    return { pid, ppid: n(4), ticks: n(14) + n(15) + n(16) + n(17), rssPages: n(24) };
  } catch {
    return undefined; // gone meanwhile
  }
}

/** Every live process whose ancestry reaches `root` (root included). */
export function treeOf(root: number): Stat[] {
  const all = new Map<number, Stat>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s) all.set(s.pid, s);
  }
  const kids = new Map<number, number[]>();
  for (const s of all.values()) kids.set(s.ppid, [...(kids.get(s.ppid) ?? []), s.pid]);
  const out: Stat[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    const s = all.get(pid);
    if (!s) continue;
    out.push(s);
    stack.push(...(kids.get(pid) ?? []));
  }
  return out;
}

/** RSS of the tree, MiB. */
export function treeRssMiB(root: number): number {
  return (treeOf(root).reduce((a, s) => a + s.rssPages, 0) * PAGE) / 2 ** 20;
}

/**
 * CPU seconds of the tree so far: user + system time of each live member,
 * plus that of the children they have reaped (tmux clients, git, ...).
 */
export function treeCpuSeconds(root: number): number {
  return treeOf(root).reduce((a, s) => a + s.ticks, 0) / HZ;
}

/** CPU seconds of one process so far: its own user + system time, and its reaped children's. */
export function cpuSecondsOf(pid: number): number {
  return (readStat(pid)?.ticks ?? NaN) / HZ;
}

export function treePids(root: number): number[] {
  return treeOf(root).map((s) => s.pid);
}
