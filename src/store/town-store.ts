import { readdirSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { type FileProblem, tryReadJson } from '../core/json-file.js';
import {
  EMPTY_CURSOR,
  JsonlLog,
  type LineProblem,
  type LogChunk,
  type LogCursor,
} from '../core/jsonl-log.js';
import { BeadsLog } from '../town/beads-log.js';
import { TownPaths, type RigPaths } from '../town/paths.js';
import { Attempt } from '../town/schemas/attempt.js';
import type { Bead } from '../town/schemas/bead.js';
import { TownEvent } from '../town/schemas/event.js';
import { PolecatState, isLive } from '../town/schemas/polecat.js';
import { RefineryState, RigConfig, WitnessState } from '../town/schemas/rig.js';
import { MayorState, RigsFile, TownFile } from '../town/schemas/town.js';
import { DaemonHeartbeat, heartbeatTime } from './heartbeat-schema.js';
import { type ActivityProbe, ActivityPoller } from './activity-poller.js';
import { StateWatcher } from './state-watcher.js';

import { StatePoller, type StateProbe } from './state-poller.js';
import type { DaemonView } from '../town/daemon-view.js';

export type { ActivityProbe } from './activity-poller.js';
export type { StateProbe } from './state-poller.js';
import {
  EVENTS_KEPT,
  type FileError,
  type HeartbeatView,
  type PaneActivity,
  type RigView,
  type StoreSnapshot,
} from './types.js';

export type TownStoreOptions = {
  /**
   * Coalescing window for a burst of file events: the first change after a
   * quiet spell is applied at once, later ones within the window in one batch.
   */
  debounceMs?: number;
  /** Pane activity of live polecats; without it the store never runs a timer. */
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

type Incremental<T> = { log: { readFrom(c: LogCursor): LogChunk<T> }; cursor: LogCursor; records: T[] };

type RigState = {
  paths: RigPaths;
  config?: RigConfig;
  beads: BeadsLog;
  beadsMap?: Map<string, Bead>;
  issues: ReadonlyMap<string, Bead>;
  polecats: Map<string, PolecatState>;
  witness?: WitnessState;
  refinery?: RefineryState;
  attempts: Map<string, Incremental<Attempt>>;
  view?: RigView;
  dirty: boolean;
};

/**
 * The town store: reads the town's state files into one immutable snapshot,
 * keeps it current from watcher events (JSONL logs read incrementally from
 * their last offset), keeps the last good value of a file that turns bad
 * (plus an error naming it), and notifies subscribers once per change batch.
 * Shaped for React's useSyncExternalStore: `subscribe` and `getSnapshot`.
 */
export class TownStore {
  readonly paths: TownPaths;
  private snap: StoreSnapshot;
  private listeners = new Set<Listener>();
  private watcher?: StateWatcher;
  private pending = new Set<string>();
  private flushTimer?: NodeJS.Timeout;
  private lastFlush = -Infinity;
  private activity?: ActivityPoller;
  private states?: StatePoller;
  private daemon?: DaemonView;
  private started = false;
  private readonly debounceMs: number;
  private readonly eventsKept: number;

  // Current values (mutable, private); the snapshot is rebuilt from them.
  private town?: TownFile;
  private rigsFile?: RigsFile;
  private mayor?: MayorState;
  private heartbeat?: HeartbeatView;
  private townBeadsLog: BeadsLog;
  private townBeadsMap?: Map<string, Bead>;
  private townBeads: ReadonlyMap<string, Bead> = new Map();
  private events: Incremental<TownEvent>;
  private eventsView: readonly TownEvent[] = [];
  private rigs = new Map<string, RigState>();
  private errors = new Map<string, string>();
  private paneActivity: PaneActivity = new Map();
  private loading = false;
  private changed = new Set<'top' | 'townBeads' | 'events' | 'rigs' | 'errors' | 'activity'>();

  constructor(
    readonly root: string,
    private readonly opts: TownStoreOptions = {},
  ) {
    this.paths = new TownPaths(root);
    this.debounceMs = opts.debounceMs ?? 10;
    this.eventsKept = opts.eventsKept ?? EVENTS_KEPT;
    this.townBeadsLog = new BeadsLog(this.paths.townBeads, 'hq');
    this.events = { log: new JsonlLog(this.paths.events, TownEvent), cursor: EMPTY_CURSOR, records: [] };
    this.snap = {
      seq: 0,
      root,
      loading: false,
      townBeads: this.townBeads,
      events: [],
      rigs: [],
      paneActivity: this.paneActivity,
      errors: [],
    };
  }

  getSnapshot = (): StoreSnapshot => this.snap;

  subscribe = (fn: Listener): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  /** Read everything once, then follow changes. */
  start(): this {
    if (this.started) return this;
    this.started = true;
    if (this.opts.watch !== false) {
      this.watcher = new StateWatcher((p) => this.onPath(p));
      const p = this.paths;
      for (const f of [p.townFile, p.rigsFile, p.mayorState, p.townBeads, p.events, p.daemonHeartbeat])
        this.watcher.watchFile(f);
    }
    this.loadTop();
    this.loadEvents();
    this.loadHeartbeat();
    if (this.opts.progressive) {
      this.loading = true;
      this.syncRigs();
      this.changed.add('top');
      this.publish();
      setImmediate(() => {
        if (!this.started) return;
        this.loading = false;
        this.loadTownBeads();
        for (const rig of this.rigs.values()) this.loadRigBeads(rig);
        this.changed.add('top');
        this.publish();
      });
    } else {
      this.loadTownBeads();
      this.syncRigs();
      this.publish();
    }
    const probe = this.opts.activityProbe;
    if (probe) {
      this.activity = new ActivityPoller(
        probe,
        this.opts.activityIntervalMs ?? 3000,
        () => this.liveSessions(),
        (got) => {
          this.paneActivity = got;
          this.changed.add('activity');
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
        () => this.heartbeat,
        () => this.liveSessions().length > 0,
        (view) => {
          if (!this.started) return;
          this.daemon = view;
          this.changed.add('top');
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

  // ---- loading ---------------------------------------------------------------------------

  private setError(file: string, problem: FileProblem | LineProblem[] | undefined): void {
    let message: string | undefined;
    if (Array.isArray(problem)) {
      if (problem.length > 0) {
        message = problem[0]!.message + (problem.length > 1 ? ` (+${problem.length - 1} more)` : '');
      }
    } else message = problem?.message;
    const old = this.errors.get(file);
    if (message === old) return;
    if (message === undefined) this.errors.delete(file);
    else this.errors.set(file, message);
    this.changed.add('errors');
  }

  /** A JSON state file: the new value, or keep the last good one and record the error. */
  private readState<T>(
    file: string,
    schema: Parameters<typeof tryReadJson>[1],
    current: T | undefined,
    missing: 'error' | 'clear',
  ): T | undefined {
    const r = tryReadJson(file, schema);
    if (r.ok) {
      this.setError(file, undefined);
      // The same content read again (a second watcher event for one write) keeps its
      // identity: nothing downstream re-renders for it.
      if (current !== undefined && JSON.stringify(r.value) === JSON.stringify(current)) return current;
      return r.value as T;
    }
    if (r.problem.kind === 'missing' && missing === 'clear') {
      this.setError(file, undefined);
      return undefined;
    }
    this.setError(file, r.problem);
    return current;
  }

  private loadTop(): void {
    const p = this.paths;
    const town = this.readState<TownFile>(p.townFile, TownFile, this.town, 'error');
    const mayor = this.readState<MayorState>(p.mayorState, MayorState, this.mayor, 'clear');
    if (town !== this.town || mayor !== this.mayor) this.changed.add('top');
    this.town = town;
    this.mayor = mayor;
    this.rigsFile = this.readState<RigsFile>(p.rigsFile, RigsFile, this.rigsFile, 'clear');
  }

  private loadTownBeads(): void {
    const records = this.townBeadsLog.refresh();
    const map = this.townBeadsLog.all();
    this.setError(this.townBeadsLog.path, this.townBeadsLog.problems());
    if (records.length > 0 || map !== this.townBeadsMap) {
      this.townBeadsMap = map;
      this.townBeads = new Map(map);
      this.changed.add('townBeads');
    }
  }

  private readIncremental<T>(inc: Incremental<T>, file: string): boolean {
    const chunk = inc.log.readFrom(inc.cursor);
    inc.cursor = chunk.cursor;
    let changed = false;
    if (chunk.reset) {
      inc.records = [];
      changed = true;
    }
    if (chunk.records.length > 0) {
      for (const r of chunk.records) inc.records.push(r);
      changed = true;
    }
    this.setError(
      file,
      chunk.problems.filter((p) => p.kind !== 'torn-tail'),
    );
    return changed;
  }

  private loadEvents(): void {
    if (this.readIncremental(this.events, this.paths.events)) {
      if (this.events.records.length > this.eventsKept * 2)
        this.events.records = this.events.records.slice(-this.eventsKept);
      this.eventsView = this.events.records.slice(-this.eventsKept);
      this.changed.add('events');
    }
  }

  private loadHeartbeat(): void {
    const file = this.paths.daemonHeartbeat;
    const prev = this.heartbeat?.value;
    const value = this.readState<DaemonHeartbeat>(file, DaemonHeartbeat, prev, 'clear');
    if (value === prev) return;
    let mtime = Date.now();
    try {
      mtime = statSync(file).mtimeMs;
    } catch {
      /* removed since */
    }
    this.heartbeat = value ? { value, at: heartbeatTime(value, mtime) } : undefined;
    this.changed.add('top');
  }

  /** Make the watched rigs follow rigs.json. */
  private syncRigs(): void {
    const wanted = new Set(Object.keys(this.rigsFile?.rigs ?? {}));
    for (const [name, rig] of this.rigs) {
      if (wanted.has(name)) continue;
      this.watcher?.unwatchUnder(rig.paths.root);
      for (const f of [...this.errors.keys()])
        if (f.startsWith(rig.paths.root + '/')) this.setError(f, undefined);
      this.rigs.delete(name);
      this.changed.add('rigs');
    }
    for (const name of [...wanted].sort()) {
      if (this.rigs.has(name)) continue;
      const paths = this.paths.rig(name);
      const rig: RigState = {
        paths,
        beads: new BeadsLog(paths.beads, 'x'),
        issues: new Map(),
        polecats: new Map(),
        attempts: new Map(),
        dirty: true,
      };
      this.rigs.set(name, rig);
      this.changed.add('rigs');
      if (this.watcher) {
        const w = this.watcher;
        for (const f of [paths.config, paths.beads, paths.witnessState, paths.refineryState]) w.watchFile(f);
        w.watchDir(paths.polecatStateDir, (n) => n.endsWith('.json'));
        w.watchDir(paths.attemptsDir, (n) => n.endsWith('.jsonl'));
      }
      this.loadRigConfig(rig);
      if (!this.loading) this.loadRigBeads(rig);
      rig.witness = this.readState(paths.witnessState, WitnessState, undefined, 'clear');
      rig.refinery = this.readState(paths.refineryState, RefineryState, undefined, 'clear');
      for (const n of listDir(paths.polecatStateDir)) if (n.endsWith('.json')) this.loadPolecat(rig, n);
      for (const n of listDir(paths.attemptsDir)) if (n.endsWith('.jsonl')) this.loadAttempts(rig, n);
    }
  }

  private loadRigConfig(rig: RigState): void {
    const config = this.readState<RigConfig>(rig.paths.config, RigConfig, rig.config, 'error');
    if (config !== rig.config) {
      rig.config = config;
      rig.dirty = true;
    }
  }

  private loadRigBeads(rig: RigState): void {
    const records = rig.beads.refresh();
    const map = rig.beads.all();
    this.setError(rig.beads.path, rig.beads.problems());
    if (records.length > 0 || map !== rig.beadsMap) {
      rig.beadsMap = map;
      rig.issues = new Map(map);
      rig.dirty = true;
    }
  }

  private loadPolecat(rig: RigState, file: string): void {
    const name = file.slice(0, -'.json'.length);
    const path = rig.paths.polecatState(name);
    const prev = rig.polecats.get(name);
    const next = this.readState<PolecatState>(path, PolecatState, prev, 'clear');
    if (next === prev) return;
    if (next) rig.polecats.set(name, next);
    else rig.polecats.delete(name);
    rig.dirty = true;
  }

  private loadAttempts(rig: RigState, file: string): void {
    const issue = file.slice(0, -'.jsonl'.length);
    const path = rig.paths.attempts(issue);
    let inc = rig.attempts.get(issue);
    if (!inc) {
      inc = { log: new JsonlLog(path, Attempt), cursor: EMPTY_CURSOR, records: [] };
      rig.attempts.set(issue, inc);
    }
    if (this.readIncremental(inc, path)) rig.dirty = true;
    if (inc.records.length === 0 && listDir(rig.paths.attemptsDir).indexOf(file) < 0) {
      rig.attempts.delete(issue);
      this.setError(path, undefined);
      rig.dirty = true;
    }
  }

  /** Re-read whatever `path` is. */
  private reload(path: string): void {
    const p = this.paths;
    if (path === p.townFile || path === p.mayorState) return this.loadTop();
    if (path === p.rigsFile) {
      this.loadTop();
      return this.syncRigs();
    }
    if (path === p.townBeads) return this.loading ? undefined : this.loadTownBeads();
    if (path === p.events) return this.loadEvents();
    if (path === p.daemonHeartbeat) return this.loadHeartbeat();
    for (const rig of this.rigs.values()) {
      const rp = rig.paths;
      if (!path.startsWith(rp.root + '/')) continue;
      if (path === rp.config) return this.loadRigConfig(rig);
      if (path === rp.beads) return this.loading ? undefined : this.loadRigBeads(rig);
      if (path === rp.witnessState) {
        const w = this.readState<WitnessState>(rp.witnessState, WitnessState, rig.witness, 'clear');
        if (w !== rig.witness) {
          rig.witness = w;
          rig.dirty = true;
        }
        return;
      }
      if (path === rp.refineryState) {
        const r = this.readState<RefineryState>(rp.refineryState, RefineryState, rig.refinery, 'clear');
        if (r !== rig.refinery) {
          rig.refinery = r;
          rig.dirty = true;
        }
        return;
      }
      const dir = dirname(path);
      if (dir === rp.polecatStateDir && path.endsWith('.json')) return this.loadPolecat(rig, basename(path));
      if (dir === rp.attemptsDir && path.endsWith('.jsonl')) return this.loadAttempts(rig, basename(path));
      return;
    }
  }

  // ---- snapshot ---------------------------------------------------------------------------

  private rigView(name: string, rig: RigState): RigView {
    if (rig.view && !rig.dirty) return rig.view;
    const attempts = new Map<string, readonly Attempt[]>();
    for (const [issue, inc] of rig.attempts) attempts.set(issue, inc.records.slice());
    rig.view = {
      name,
      config: rig.config,
      issues: rig.issues,
      polecats: [...rig.polecats.values()].sort((a, b) => a.name.localeCompare(b.name)),
      witness: rig.witness,
      refinery: rig.refinery,
      attempts,
    };
    rig.dirty = false;
    this.changed.add('rigs');
    return rig.view;
  }

  private publish(): void {
    const rigs = [...this.rigs.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([n, r]) => this.rigView(n, r));
    if (this.changed.size === 0) return;
    const prev = this.snap;
    const errors: FileError[] = this.changed.has('errors')
      ? [...this.errors.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([file, message]) => ({ file, message }))
      : (prev.errors as FileError[]);
    this.snap = {
      seq: prev.seq + 1,
      root: this.root,
      town: this.town,
      mayor: this.mayor,
      heartbeat: this.heartbeat,
      ...(this.daemon ? { daemon: this.daemon } : {}),
      loading: this.loading,
      townBeads: this.townBeads,
      events: this.eventsView,
      rigs: this.changed.has('rigs') ? rigs : prev.rigs,
      paneActivity: this.paneActivity,
      errors,
    };
    this.changed.clear();
    for (const fn of [...this.listeners]) fn();
  }

  /** Sessions of polecats that may still produce output: what the activity poller asks about. */
  private liveSessions(): string[] {
    const out: string[] = [];
    for (const rig of this.rigs.values())
      for (const pc of rig.polecats.values()) if (isLive(pc.state)) out.push(pc.session);
    return out;
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}
