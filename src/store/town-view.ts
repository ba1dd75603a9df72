import type { DaemonView } from '../town/daemon-view.js';
import { relistCrew } from './crew-dirs.js';
import type { PauseState } from '../town/pause.js';
import { RIG_FILES, type Route, rigEntry, townEntry, type RigEntry, type TownSlot } from '../town/files.js';
import type { RigPaths } from '../town/paths.js';
import type { Attempt } from '../town/schemas/attempt.js';
import type { TownEvent } from '../town/schemas/event.js';
import type { HeartbeatFile } from '../town/schemas/heartbeat.js';
import { heartbeatView, LiveHeartbeat } from './heartbeat-view.js';
import { isLive, type PolecatState } from '../town/schemas/polecat.js';
import type { MayorState, RigsFile, TownFile } from '../town/schemas/town.js';
import { TownFiles } from '../town/town-files.js';
import type { Bead } from '../town/schemas/bead.js';
import { pluginSession } from '../town/schemas/plugin.js';
import { readPlugins } from '../town/plugins.js';
import { readOffloadJobs } from './offload-jobs.js';
import { type JsonKey, newRigState, type RigState } from './rig-state.js';
import type { HeartbeatView, PaneActivity, RigView, StoreSnapshot } from './types.js';

type Part = 'top' | 'townBeads' | 'events' | 'rigs' | 'errors' | 'activity';

/**
 * The cockpit's current reading of the town (through TownFiles, the one
 * reader of the table in town/files.ts), turned into immutable snapshots:
 * a new snapshot only when something changed, unchanged parts keeping
 * their identity so memoized selectors skip work.
 */
export class TownView {
  readonly files: TownFiles;
  /** The large beads logs (issues, mail) are not read yet (progressive start). */
  loading = false;
  private town?: TownFile;
  private mayor?: MayorState;
  private rigsFile?: RigsFile;
  private heartbeat?: HeartbeatView;
  private liveBeat?: LiveHeartbeat;
  private beatValue?: HeartbeatFile;
  private paused?: PauseState;
  private townBeads: ReadonlyMap<string, Bead> = new Map();
  private events: readonly TownEvent[] = [];
  private readonly rigs = new Map<string, RigState>();
  private paneActivity: PaneActivity = new Map();
  private daemon?: DaemonView;
  private readonly changed = new Set<Part>();
  private problemsSeq = 0;
  private snap: StoreSnapshot;

  constructor(
    readonly root: string,
    private readonly eventsKept: number,
  ) {
    this.files = new TownFiles(root);
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

  get snapshot(): StoreSnapshot {
    return this.snap;
  }

  rigPaths(): RigPaths[] {
    return [...this.rigs.values()].map((r) => r.paths);
  }

  /** Read one town file of the table; a change of rigs.json also adds and drops rigs (returned). */
  loadTown(slot: TownSlot): { added: RigPaths[]; removed: RigPaths[] } | undefined {
    const f = this.files;
    const p = f.paths;
    const json = <T>(s: TownSlot) => f.json<T>(townEntry(s), townEntry(s).path(p));
    if (slot === 'townBeads') {
      if (this.loading) return;
      const b = f.beads(p.townBeads, 'hq');
      if (b.changed) this.townBeads = new Map(b.map);
      return void (b.changed && this.changed.add('townBeads'));
    }
    if (slot === 'events') {
      const l = f.log<TownEvent>(townEntry('events'), p.events, this.eventsKept);
      if (l.changed) this.events = l.records.slice(-this.eventsKept);
      if (l.changed) for (const rig of this.rigs.values()) relistCrew(rig);
      return void (l.changed && this.changed.add('events'));
    }
    if (slot === 'heartbeat') {
      const value = json<HeartbeatFile>('heartbeat');
      if (value === this.beatValue) return;
      this.beatValue = value;
      const next = heartbeatView(p, value);
      // A routine tick moves the live view's time only: no new snapshot, no redraw.
      if (next && this.liveBeat?.beat(next)) return;
      this.liveBeat = next && new LiveHeartbeat(next);
      this.heartbeat = this.liveBeat?.view;
      return void this.changed.add('top');
    }
    const town = json<TownFile>('town');
    const mayor = json<MayorState>('mayor');
    const paused = json<PauseState>('pause');
    if (town !== this.town || mayor !== this.mayor || paused !== this.paused) this.changed.add('top');
    this.town = town;
    this.mayor = mayor;
    this.paused = paused;
    this.rigsFile = json<RigsFile>('rigs');
    return slot === 'rigs' ? this.syncRigs() : undefined;
  }

  /** Make the rigs follow rigs.json. */
  private syncRigs(): { added: RigPaths[]; removed: RigPaths[] } {
    const wanted = new Set(Object.keys(this.rigsFile?.rigs ?? {}));
    const out = { added: [] as RigPaths[], removed: [] as RigPaths[] };
    for (const [name, rig] of this.rigs) {
      if (wanted.has(name)) continue;
      this.files.forgetUnder(rig.paths.root);
      this.rigs.delete(name);
      out.removed.push(rig.paths);
      this.changed.add('rigs');
    }
    for (const name of [...wanted].sort()) {
      if (this.rigs.has(name)) continue;
      const paths = this.files.paths.rig(name);
      this.rigs.set(name, newRigState(paths));
      out.added.push(paths);
      this.changed.add('rigs');
      for (const e of RIG_FILES) this.loadRigEntry(name, e);
      relistCrew(this.rigs.get(name)!);
    }
    return out;
  }

  /** Re-read what a watcher event names. */
  load(route: Route): { added: RigPaths[]; removed: RigPaths[] } | undefined {
    if (route.scope === 'town') return this.loadTown(route.entry.slot);
    this.loadRigEntry(route.rig, route.entry, route.name);
  }

  /** Read every rig's files again (a progressive start's watchers came after its first read). */
  reloadRigs(): void {
    for (const name of this.rigs.keys())
      for (const e of RIG_FILES) if (e.slot !== 'beads') this.loadRigEntry(name, e);
  }

  /** Read the beads logs held back by a progressive start. */
  loadBeads(): void {
    this.loading = false;
    this.loadTown('townBeads');
    for (const name of this.rigs.keys()) this.loadRigEntry(name, rigEntry('beads'));
    this.changed.add('top');
  }

  private loadRigEntry(name: string, e: RigEntry, only?: string): void {
    const rig = this.rigs.get(name);
    if (!rig) return;
    const f = this.files;
    const path = e.path(rig.paths);
    const set = <K extends JsonKey>(k: K, v: RigState[K]) => {
      if (v === rig[k]) return;
      rig[k] = v;
      rig.dirty = true;
    };
    if (e.shape === 'json') return set(e.slot as JsonKey, f.json(e, path));
    if (e.slot === 'plugins' || e.slot === 'offload') {
      // Runtime records changed: read them again (a few small files); publish only a change.
      const v = e.slot === 'plugins' ? readPlugins(rig.paths) : readOffloadJobs(f, e, path, rig.offload);
      if (JSON.stringify(v) !== JSON.stringify(rig[e.slot])) Object.assign(rig, { [e.slot]: v, dirty: true });
      return;
    }
    if (e.slot === 'beads') {
      if (this.loading) return;
      const b = f.beads(path, rig.config?.beads.prefix ?? 'x');
      // A copy that keeps what the log lacks (deleted, unreadable): ready work needs it.
      if (b.changed) [rig.issues, rig.dirty] = [b.map.copy(), true];
      return;
    }
    const present = new Set(f.names(e, path));
    const names = only !== undefined ? [only] : [...present];
    if (only === undefined)
      for (const n of e.slot === 'polecats' ? rig.polecats.keys() : rig.attempts.keys())
        if (!present.has(n)) names.push(n);
    for (const n of names) {
      const file = `${path}/${n}${e.ext}`;
      if (e.slot === 'polecats') {
        const prev = rig.polecats.get(n);
        const next = f.json<PolecatState>(e, file);
        if (next === prev) continue;
        if (next) rig.polecats.set(n, next);
        else rig.polecats.delete(n);
      } else if (!present.has(n)) {
        if (!rig.attempts.delete(n)) continue;
        f.forget(file);
      } else {
        const l = f.log<Attempt>(e, file);
        if (!l.changed && rig.attempts.has(n)) continue;
        rig.attempts.set(n, l.records.slice());
      }
      rig.dirty = true;
    }
  }

  /** How current the polecat states are (from the state probe). */
  setDaemon(view: DaemonView): void {
    this.daemon = view;
    this.changed.add('top');
  }

  setActivity(activity: PaneActivity): void {
    this.paneActivity = activity;
    this.changed.add('activity');
  }

  /** Sessions of polecats that may still produce output: what the activity probe asks about. */
  liveSessions(): string[] {
    const out: string[] = [];
    for (const rig of this.rigs.values()) {
      for (const pc of rig.polecats.values()) if (isLive(pc.state)) out.push(pc.session);
      // Plugin sessions: absent from the answer means not running.
      const prefix = rig.config?.beads.prefix;
      if (prefix) for (const p of rig.plugins) out.push(pluginSession(prefix, p.name));
    }
    return out;
  }

  /** Mark the top of the snapshot changed (the loading flag). */
  touchTop(): void {
    this.changed.add('top');
  }

  /** Build the next snapshot; false when nothing changed (the snapshot keeps its identity). */
  rebuild(): boolean {
    const rigs = [...this.rigs.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([n, r]) => this.rigView(n, r));
    if (this.files.problemsSeq !== this.problemsSeq) this.changed.add('errors');
    if (this.changed.size === 0) return false;
    this.problemsSeq = this.files.problemsSeq;
    const prev = this.snap;
    this.snap = {
      seq: prev.seq + 1,
      root: this.root,
      town: this.town,
      mayor: this.mayor,
      heartbeat: this.heartbeat,
      ...(this.daemon ? { daemon: this.daemon } : {}),
      ...(this.paused ? { paused: this.paused } : {}),
      loading: this.loading,
      townBeads: this.townBeads,
      events: this.events,
      rigs: this.changed.has('rigs') ? rigs : prev.rigs,
      paneActivity: this.paneActivity,
      errors: this.changed.has('errors') ? this.files.errors() : prev.errors,
    };
    this.changed.clear();
    return true;
  }

  private rigView(name: string, rig: RigState): RigView {
    if (rig.view && !rig.dirty) return rig.view;
    // Parts whose members did not change keep their identity (memoized selectors, the clock's activity key).
    const polecats = [...rig.polecats.values()].sort((a, b) => a.name.localeCompare(b.name));
    const last = rig.view;
    rig.view = {
      name,
      config: rig.config,
      issues: rig.issues,
      polecats: last && sameItems(last.polecats, polecats) ? last.polecats : polecats,
      witness: rig.witness,
      refinery: rig.refinery,
      attempts: last && sameEntries(last.attempts, rig.attempts) ? last.attempts : new Map(rig.attempts),
      crew: rig.crew,
      oracle: rig.oracle,
      ...(rig.resources ? { resources: rig.resources } : {}),
      plugins: rig.plugins,
      offload: rig.offload,
    };
    rig.dirty = false;
    this.changed.add('rigs');
    return rig.view;
  }
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameEntries<K, V>(a: ReadonlyMap<K, V>, b: ReadonlyMap<K, V>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
