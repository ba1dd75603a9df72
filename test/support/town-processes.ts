import { readdirSync, readFileSync } from 'node:fs';

/**
 * Processes whose environment says they belong to a town (OVERSEER_TOWN,
 * which every agent session carries and its children inherit), found through
 * /proc: the way to count what a stop left behind, however it escaped its
 * session or process group.
 */
export function townProcesses(
  townRoot: string,
  extra: (pid: number, env: string[]) => boolean = () => false,
) {
  const marker = `OVERSEER_TOWN=${townRoot}`;
  const out: { pid: number; cmd: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let env: string[];
    try {
      env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (!env.includes(marker) && !extra(pid, env)) continue;
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    } catch {
      continue;
    }
    out.push({ pid, cmd });
  }
  return out;
}

/** Kill what is left of a town's agents (test teardown); returns what was found. */
export function killTownProcesses(townRoot: string) {
  const left = townProcesses(townRoot);
  for (const p of left) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      /* gone already */
    }
  }
  return left;
}
