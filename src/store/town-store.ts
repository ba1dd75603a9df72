import { RIG_FILES, routePath, TOWN_FILES, accepts } from '../town/files.js';
import type { RigPaths } from '../town/paths.js';
import { type ActivityProbe, ActivityPoller } from './activity-poller.js';
import { StateWatcher } from './state-watcher.js';
import { TownView } from './town-view.js';
import { EVENTS_KEPT, type StoreSnapshot } from './types.js';

import { StatePoller, type StateProbe } from './state-poller.js';

export type { ActivityProbe } from './activity-poller.js';
export type { StateProbe } from './state-poller.js';

export type TownStoreOptions = {
  /**
   * Coalescing window for a burst of file events: the first change after a
   * quiet spell is applied at once, later ones within the window in one batch.
   */
  debounceMs?: number;
  /** Pane activity of live polecats (the entry point passes the runtime's probe); without it, no timer. */
  activityProbe?: ActivityProbe;
  activityIntervalMs?: number;
  /** Daemon liveness and a state refresh: states stay true with no daemon, and read as stale with a hung one. */
  stateProbe?: StateProbe;
  stateIntervalMs?: number;
  /** Events kept in the snapshot. */
  eventsKept?: number;
  /** Watch the disk (default true). Off: the snapshot is read once, for one-shot tools. */
  watch?: boolean;
  /**
   * Publish a first snapshot from the small files (town, rigs, polecats,
   * heartbeat, events) at once, and read the large beads logs (issues, mail)
   * right after, in a second snapshot: the cockpit draws its first frame
   * without waiting for 20,000 issues to parse. `loading` is true meanwhile.
   */
  progressive?: boolean;
};

type Listener = () => void;

/**
 * The town store: watches the files of the town's table (town/files.ts),
 * debounces their events, has TownView re-read what changed, and publishes
 * the new snapshot to subscribers once per batch. Shaped for React's
 * useSyncExternalStore: `subscribe` and `getSnapshot`. It runs no process:
 * pane activity comes from the probe the entry point passes in.
 */
export class TownStore {
  private readonly view: TownView;
  private readonly listeners = new Set<Listener>();
  private watcher?: StateWatcher;
  private readonly pending = new Set<string>();
  private flushTimer?: NodeJS.Timeout;
  private lastFlush = -Infinity;
  private activity?: ActivityPoller;
  private states?: StatePoller;
  private started = false;
  private readonly debounceMs: number;

  constructor(
    readonly root: string,
    private readonly opts: TownStoreOptions = {},
  ) {
    this.debounceMs = opts.debounceMs ?? 10;
    this.view = new TownView(root, opts.eventsKept ?? EVENTS_KEPT);
  }

  get paths() {
    return this.view.files.paths;
  }

  getSnapshot = (): StoreSnapshot => this.view.snapshot;

  subscribe = (fn: Listener): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  /** Read everything once, then follow changes. */
  start(): this {
    if (this.started) return this;
    this.started = true;
    const view = this.view;
    view.loading = this.opts.progressive === true;
    if (!view.loading) this.watchTown();
    for (const slot of ['events', 'heartbeat', 'townBeads'] as const) view.loadTown(slot);
    const rigs = view.loadTown('rigs');
    if (view.loading) {
      view.touchTop();
      // After the first frame: the watchers (~20 ms on a 200-polecat town: chokidar's
      // start and one watch per state file), then the files read again for what changed
      // in between (an unchanged file costs a stat), then the beads logs.
      setImmediate(() => {
        if (!this.started) return;
        this.watchTown();
        this.follow(rigs);
        for (const slot of ['events', 'heartbeat'] as const) view.loadTown(slot);
        this.follow(view.loadTown('rigs'));
        view.reloadRigs();
        view.loadBeads();
        this.publish();
      });
    } else this.follow(rigs);
    this.publish();
    const probe = this.opts.activityProbe;
    if (probe) {
      this.activity = new ActivityPoller(
        probe,
        this.opts.activityIntervalMs ?? 3000,
        () => view.liveSessions(),
        (got) => {
          view.setActivity(got);
          this.publish();
        },
      );
      this.activity.start();
    }
    const stateProbe = this.opts.stateProbe;
    if (stateProbe) {
      this.states = new StatePoller(
        stateProbe,
        this.opts.stateIntervalMs ?? 5000,
        () => view.snapshot.heartbeat,
        () => view.liveSessions().length > 0,
        (daemon) => {
          if (!this.started) return;
          view.setDaemon(daemon);
          this.publish();
        },
      );
      this.states.start();
    }
    return this;
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.activity?.stop();
    this.states?.stop();
    this.flushTimer = this.activity = undefined;
    await this.watcher?.close();
    this.watcher = undefined;
  }

  /** Apply pending file changes now (tests, and callers that just wrote a file). */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.lastFlush = performance.now();
    const paths = [...this.pending];
    this.pending.clear();
    for (const p of paths) this.reload(p);
    this.publish();
  }

  /** Re-read one path as if the watcher had reported it. */
  touch(path: string): void {
    this.onPath(path);
  }

  watchCounts(): { dirs: number; files: number } {
    return this.watcher?.counts() ?? { dirs: 0, files: 0 };
  }

  private onPath(path: string): void {
    if (!this.started) return;
    this.pending.add(path);
    if (this.flushTimer) return;
    // Leading edge: a change after a quiet spell is applied on the next turn of the event
    // loop (the rest of the same batch of fs events joins it); changes that follow within
    // `debounceMs` of a flush are coalesced into one more.
    const quiet = performance.now() - this.lastFlush >= this.debounceMs;
    this.flushTimer = setTimeout(() => this.flush(), quiet ? 0 : this.debounceMs);
  }

  /** Re-read whatever `path` is, by the table. */
  private reload(path: string): void {
    const route = routePath(
      this.paths,
      this.view.rigPaths().map((r) => r.name),
      path,
    );
    if (route) this.follow(this.view.load(route));
  }

  private watchTown(): void {
    if (this.opts.watch === false) return;
    this.watcher = new StateWatcher((p) => this.onPath(p));
    for (const e of TOWN_FILES) this.watcher.watchFile(e.path(this.paths));
  }

  /** Watch the files of rigs that appeared; stop watching those that left. */
  private follow(change: { added: RigPaths[]; removed: RigPaths[] } | undefined): void {
    const w = this.watcher;
    if (!w || !change) return;
    for (const rp of change.removed) w.unwatchUnder(rp.root);
    for (const rp of change.added)
      for (const e of RIG_FILES) {
        if (e.ext === undefined) w.watchFile(e.path(rp));
        else w.watchDir(e.path(rp), (n) => accepts(e, n));
      }
  }

  private publish(): void {
    if (!this.view.rebuild()) return;
    for (const fn of [...this.listeners]) fn();
  }
}
