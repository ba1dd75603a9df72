import { readFileSync, readdirSync } from 'node:fs';

/**
 * The processes a town left running, found through Linux's /proc (nothing
 * elsewhere): overseer daemons and pool refills run with `--town ROOT`, and
 * agent processes (the agents and every child they started, also those that
 * left their tmux session) carry OVERSEER_TOWN=ROOT next to OVERSEER_POLECAT
 * in their environment. Shells and cockpits of the operator are not matched.
 * This process and its ancestors never are.
 */
export type TownProc = { pid: number; start: string; what: 'overseer' | 'agent'; cmd: string };

function read(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

function startTime(pid: number): string | undefined {
  const stat = read(`/proc/${pid}/stat`)?.toString('utf8');
  if (!stat) return undefined;
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return f[0] === 'Z' ? undefined : f[19];
}

function ancestors(): Set<number> {
  const out = new Set<number>([0, 1]);
  for (let pid = process.pid; pid > 1 && !out.has(pid);) {
    out.add(pid);
    const stat = read(`/proc/${pid}/stat`)?.toString('utf8');
    pid = stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) : 0;
  }
  return out;
}

export function townProcesses(root: string): TownProc[] {
  let pids: number[];
  try {
    pids = readdirSync('/proc')
      .filter((n) => /^\d+$/.test(n))
      .map(Number);
  } catch {
    return [];
  }
  const skip = ancestors();
  const out: TownProc[] = [];
  for (const pid of pids) {
    if (skip.has(pid)) continue;
    const argv = read(`/proc/${pid}/cmdline`)?.toString('utf8').split('\0').filter(Boolean) ?? [];
    const env = read(`/proc/${pid}/environ`)?.toString('utf8').split('\0') ?? [];
    const town = argv.findIndex((a, i) => a === '--town' && argv[i + 1] === root) >= 0;
    const overseer = town && argv.some((a) => a === 'daemon' || a === 'refill');
    const agent =
      env.includes(`OVERSEER_TOWN=${root}`) &&
      env.some((e) => e.startsWith('OVERSEER_POLECAT=') || e.startsWith('OVERSEER_AGENT_MARK='));
    if (!overseer && !agent) continue;
    const start = startTime(pid);
    if (start)
      out.push({ pid, start, what: overseer ? 'overseer' : 'agent', cmd: argv.join(' ').slice(0, 200) });
  }
  return out;
}

/** SIGTERM, then SIGKILL after `graceMs` what still runs (same pid and start time). */
export async function endTownProcesses(procs: TownProc[], graceMs = 2000): Promise<number> {
  const signal = (p: TownProc, s: NodeJS.Signals) => {
    if (startTime(p.pid) !== p.start) return false;
    try {
      process.kill(p.pid, s);
      return true;
    } catch {
      return false;
    }
  };
  let n = 0;
  for (const p of procs) if (signal(p, 'SIGTERM')) n++;
  const end = Date.now() + graceMs;
  while (Date.now() < end && procs.some((p) => startTime(p.pid) === p.start))
    await new Promise((r) => setTimeout(r, 50));
  for (const p of procs) signal(p, 'SIGKILL');
  return n;
}
