import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** The faults of the soak, and the sweep that leaves no process of it behind. */

export type Fault = 'agent' | 'daemon' | 'test run' | 'tmux server';

/** Agents most often, the tmux server (every session at once) rarely. */
const WEIGHTS: [Fault, number][] = [
  ['agent', 0.45],
  ['daemon', 0.2],
  ['test run', 0.25],
  ['tmux server', 0.1],
];

export function pickFault(r: number): Fault {
  let acc = 0;
  for (const [f, w] of WEIGHTS) {
    acc += w;
    if (r < acc) return f;
  }
  return 'agent';
}

/**
 * Kill every process that belongs to the soak (its command line names the
 * soak's directory, or it runs inside it), except this one; returns how many
 * there were. Called after the orderly stop: a non-zero count is a leak.
 */
export function killLeftovers(root: string): number {
  let n = 0;
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let ours = false;
    try {
      ours = readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(root);
    } catch {
      continue;
    }
    try {
      ours ||= readlinkSync(`/proc/${pid}/cwd`).startsWith(root);
    } catch {
      /* gone, or not ours to read */
    }
    if (!ours) continue;
    try {
      process.kill(pid, 'SIGKILL');
      n++;
    } catch {
      /* already gone */
    }
  }
  return n;
}
