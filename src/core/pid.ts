import { readFileSync } from 'node:fs';

/**
 * True while a process with this pid runs on this machine. A zombie (ended,
 * not yet reaped by its parent) answers kill(0) but runs nothing, so /proc
 * decides; without /proc (macOS) kill(0) is trusted.
 */
export function pidRuns(pid: number | undefined): boolean {
  if (pid === undefined || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}
