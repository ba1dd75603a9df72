import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Bytes a directory tree takes on disk (allocated blocks, so sparse files
 * count what they use), not following symlinks, skipping `skip` names at
 * any depth (a worktree's `.git` file is tiny; its objects live in the
 * rig's clone). Asynchronous so a large tree never blocks a tick's other
 * work; callers measure rarely (see the daemon's disk_interval).
 */
export async function diskBytes(dir: string, skip: ReadonlySet<string> = new Set()): Promise<number> {
  let total = 0;
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    let names: string[];
    try {
      names = await readdir(d);
    } catch {
      continue;
    }
    for (const n of names) {
      if (skip.has(n)) continue;
      const p = join(d, n);
      try {
        const st = await lstat(p);
        total += st.blocks * 512;
        if (st.isDirectory()) stack.push(p);
      } catch {
        /* gone meanwhile */
      }
    }
  }
  return total;
}
