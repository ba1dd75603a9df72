import { existsSync, readdirSync, watch as fsWatch, type FSWatcher as NodeWatcher } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { watch as chokidarWatch, type FSWatcher } from 'chokidar';

/**
 * Watches a fixed, small set of state files and state directories — never
 * worktrees, clones, or a rig recursively — and reports changed paths.
 *
 * Two layers, each used where it is cheap:
 * - chokidar 4 watches the content of every state file that exists (appends
 *   to JSONL logs, atomic rename-replacement of JSON files; `atomic` turns an
 *   unlink+add pair into one change).
 * - a plain non-recursive `fs.watch` per state directory reports names that
 *   appear or disappear (a polecat spawned, an attempts log created, a file
 *   that did not exist yet). chokidar cannot do this part cheaply: it re-lists
 *   the whole directory on every event (measured: ~24 ms CPU per write in a
 *   directory of 200 polecat files, against ~2 ms for a per-file watch), and
 *   it misses files that do not exist when they are added.
 * A directory that does not exist yet is awaited from its nearest existing
 * ancestor and picked up (with its current files) when it appears.
 */
export type Accept = (name: string) => boolean;

type DirEntry = { accepts: Accept[]; watcher?: NodeWatcher };

export class StateWatcher {
  private readonly dirs = new Map<string, DirEntry>();
  private readonly chokidar: FSWatcher;
  private readonly fileWatched = new Set<string>();
  private closed = false;

  constructor(private readonly onPath: (path: string) => void) {
    this.chokidar = chokidarWatch([], { ignoreInitial: true, atomic: true, depth: 0, persistent: true });
    this.chokidar.on('all', (event, path) => {
      if (event === 'unlink') {
        this.fileWatched.delete(path);
        void this.chokidar.unwatch(path);
      }
      this.onPath(path);
    });
    this.chokidar.on('error', () => {
      /* a vanished file: the directory layer reports it */
    });
  }

  /** Watch one state file (it may not exist yet). */
  watchFile(path: string): void {
    const name = basename(path);
    this.watchDir(dirname(path), (n) => n === name);
  }

  /** Watch the files of `dir` whose names pass `accept` (the directory may not exist yet). */
  watchDir(dir: string, accept: Accept): void {
    let entry = this.dirs.get(dir);
    if (!entry) {
      entry = { accepts: [] };
      this.dirs.set(dir, entry);
    }
    entry.accepts.push(accept);
    this.establish(dir, entry, false);
  }

  /** Stop watching every directory at or under `prefix` (a rig that was removed). */
  unwatchUnder(prefix: string): void {
    for (const [dir, entry] of this.dirs) {
      if (dir === prefix || dir.startsWith(prefix + '/')) {
        entry.watcher?.close();
        this.dirs.delete(dir);
      }
    }
    for (const f of [...this.fileWatched]) {
      if (f.startsWith(prefix + '/')) {
        this.fileWatched.delete(f);
        void this.chokidar.unwatch(f);
      }
    }
  }

  /** How many OS-level watches are open (for tests and the bench). */
  counts(): { dirs: number; files: number } {
    let dirs = 0;
    for (const e of this.dirs.values()) if (e.watcher) dirs++;
    return { dirs, files: this.fileWatched.size };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const e of this.dirs.values()) e.watcher?.close();
    for (const e of this.ancestors.values()) e.close();
    this.dirs.clear();
    this.ancestors.clear();
    await this.chokidar.close();
  }

  private accepted(dir: string, name: string): boolean {
    return this.dirs.get(dir)?.accepts.some((a) => a(name)) ?? false;
  }

  private trackFile(path: string): void {
    if (this.fileWatched.has(path) || !existsSync(path)) return;
    this.fileWatched.add(path);
    this.chokidar.add(path);
  }

  /** Open the directory watch; `announce` reports the files already there (a late directory). */
  private establish(dir: string, entry: DirEntry, announce: boolean): void {
    if (entry.watcher || this.closed) return;
    let w: NodeWatcher;
    try {
      w = fsWatch(dir, { persistent: false }, (event, filename) => {
        if (!filename) return;
        const name = filename.toString();
        this.onDirEvent(dir, name);
      });
    } catch {
      this.awaitAncestor(dir);
      return;
    }
    w.on('error', () => {
      w.close();
      entry.watcher = undefined;
      this.awaitAncestor(dir);
    });
    entry.watcher = w;
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      /* raced with removal: the error handler re-awaits it */
    }
    for (const n of names) {
      if (!this.accepted(dir, n)) continue;
      const p = join(dir, n);
      this.trackFile(p);
      if (announce) this.onPath(p);
    }
    // Sub-directories we wait for may have appeared while this one was missing.
    this.retryPendingUnder(dir);
  }

  private onDirEvent(dir: string, name: string): void {
    const path = join(dir, name);
    if (this.accepted(dir, name)) {
      if (existsSync(path)) this.trackFile(path);
      this.onPath(path);
    }
    if (this.dirs.has(path) || this.isAncestorOfPending(path)) this.retryPendingUnder(dir);
  }

  // Missing directories are awaited through a watch on their nearest existing ancestor.
  private readonly ancestors = new Map<string, NodeWatcher>();

  private awaitAncestor(dir: string): void {
    if (this.closed) return;
    let up = dirname(dir);
    while (!existsSync(up) && dirname(up) !== up) up = dirname(up);
    if (this.dirs.get(up)?.watcher || this.ancestors.has(up)) return;
    try {
      const w = fsWatch(up, { persistent: false }, () => this.retryPendingUnder(up));
      w.on('error', () => {
        w.close();
        this.ancestors.delete(up);
      });
      this.ancestors.set(up, w);
    } catch {
      /* nothing to wait on: the rig or town was removed */
    }
  }

  private isAncestorOfPending(path: string): boolean {
    for (const [dir, e] of this.dirs) if (!e.watcher && dir.startsWith(path + '/')) return true;
    return false;
  }

  private retryPendingUnder(root: string): void {
    for (const [dir, e] of this.dirs) {
      if (e.watcher || !(dir.startsWith(root + '/') || dir === root)) continue;
      if (existsSync(dir)) this.establish(dir, e, true);
      else this.awaitAncestor(dir);
    }
    // Ancestor watches no longer needed once nothing below them is pending.
    for (const [up, w] of this.ancestors) {
      if (!this.isAncestorOfPending(up)) {
        w.close();
        this.ancestors.delete(up);
      }
    }
  }
}
