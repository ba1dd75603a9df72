import { statSync } from 'node:fs';

/**
 * Remembers what was made of a file (parsed and validated config) while the
 * file stays the same: same inode, size and modification time. Long-running
 * readers (the daemon's tick, the cockpit's state refresh) re-read their
 * config every few seconds; this saves re-parsing YAML that has not changed.
 * A missing file is remembered as missing until it appears.
 */
export class FileMemo<T> {
  private readonly entries = new Map<string, { stamp: string; value: T }>();

  get(path: string, make: () => T): T {
    const stamp = fileStamp(path);
    const hit = this.entries.get(path);
    if (hit && hit.stamp === stamp) return hit.value;
    const value = make();
    this.entries.set(path, { stamp, value });
    return value;
  }
}

/** Same file, same content (short of a write within one clock tick keeping size and inode): inode, size, times. */
export function fileStamp(path: string): string {
  try {
    const s = statSync(path, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch (e) {
    return `missing:${(e as NodeJS.ErrnoException).code ?? ''}`;
  }
}
