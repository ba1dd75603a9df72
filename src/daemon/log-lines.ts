import { fstatSync } from 'node:fs';
import { appendAllSync } from '../core/disk-write.js';
import { sanitizeLine } from '../core/sanitize.js';

/**
 * The daemon's log: its stdout (daemon.log when detached). A line is written
 * whole or not at all (a full disk cuts writes short); a line that cannot be
 * written is counted and the count shows on the next line that can, and a
 * full disk never stops the daemon.
 */
export function stdoutLog(file: string, fd = 1): (line: string) => void {
  let lost = 0;
  return (line) => {
    const note = lost > 0 ? ` [${lost} earlier log line(s) lost: could not write ${file}]` : '';
    // Reasons quote titles and agent output: one sanitized line each, safe to `tail`.
    const text = `${new Date().toISOString()} ${sanitizeLine(line)}${note}\n`;
    try {
      if (fstatSync(fd).isFile()) appendAllSync(fd, file, text, { fsync: false });
      else process.stdout.write(text);
      lost = 0;
    } catch {
      lost++;
    }
  };
}
