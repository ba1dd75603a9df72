import { readFileSync } from 'node:fs';

/**
 * The fields of /proc/PID/stat after the command name ("pid (comm) state
 * ppid …": comm may hold spaces and parens), or undefined when the process
 * is gone or there is no /proc. fields[0] is the state, fields[19] the
 * start time.
 */
export function procStatFields(pid: number): string[] | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return f.length < 20 ? undefined : f;
}

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
  const f = procStatFields(pid);
  if (f) return f[0] !== 'Z';
  return process.platform !== 'linux'; // gone since; without /proc, trust kill(0)
}
