import { readdirSync } from 'node:fs';
import { errorMessage } from '../core/errors.js';
import { refreshPolecatStates } from '../agents/state/refresh.js';
import { PaneCache } from '../agents/state/pane-cache.js';
import { OracleRegistry } from '../oracle/registry.js';
import { trackedBranches } from '../oracle/tracked.js';
import type { SessionInfo, Tmux } from '../runtime/tmux.js';
import { runnerFor } from '../runtime/hosts.js';
import type { Runner } from '../runtime/runner.js';
import { townServer } from '../runtime/town-tmux.js';
import type { Town } from '../town/town.js';
import { decideTick, type StepName } from './decide/tick.js';
import { syncMemory, syncOutposts } from '../polecats/outpost/sync.js';
import { outpostFacts } from './outpost-facts.js';
import { DaemonExecutor, type ActionOutcome } from './executor.js';
import { SnapshotGatherer } from './gather.js';
import { type DaemonHeartbeat, readHeartbeat, writeHeartbeat } from './heartbeat.js';
import { acquireDaemonInstance } from './instance.js';
import { installFatalHandler, reportPreviousDeath } from './notify/daemon-death.js';
import { Notifier } from './notify/notifier.js';
import { daemonLogFile } from './control.js';
import { stdoutLog } from './log-lines.js';
import type { DaemonSettings } from '../town/daemon-settings.js';
import type { DaemonSnapshot, SessionFact } from './snapshot.js';
import { UsageSampler } from './usage-pass.js';
import { ResourceSampler } from './resource-pass.js';
import { samplingDue } from './sampling-pace.js';

export type TickReport = {
  startedAt: number;
  ms: number;
  outcomes: (ActionOutcome & { step: StepName })[];
  problems: string[];
};

/** The decisions' view of the sessions of one `list-sessions` call. */
export function sessionFacts(list: SessionInfo[]): SessionFact[] {
  return list.map((s) => ({
    name: s.name,
    alive: !s.paneDead,
    activityMs: s.activity * 1000,
    exitStatus: s.exitStatus,
    attached: s.attached,
  }));
}

/**
 * One daemon's state across ticks: the gatherer (open logs), the executor,
 * and the last GC time. `tick()` = gather → decide (pure) → execute.
 */
export class Daemon {
  readonly gatherer: SnapshotGatherer;
  readonly executor: DaemonExecutor;
  /** Pane tails across ticks: a pane is captured again only after new output. */
  readonly panes = new PaneCache();
  /** The same per outpost, and its last process sample (both read there in the tick's one round trip). */
  readonly outposts = syncMemory();
  /** Notifications from each tick's snapshot (config/notify.yaml). */
  readonly notifier: Notifier;
  /** The merge oracle of each rig, updated when a followed branch's ref moves. */
  readonly oracles: OracleRegistry;
  ticks = 0;
  /** When a session last drew output (epoch ms): between-tick state reads run only while recent. */
  lastOutputAt = 0;
  /** Token usage (the agent CLIs' records, from saved offsets); CPU, memory, disk of each agent. */
  readonly usage: UsageSampler;
  readonly resources: ResourceSampler;
  private lastUsageAt = -Infinity;

  readonly tmux: Tmux;

  constructor(
    readonly town: Town,
    readonly runner: Runner,
    tmux?: Tmux,
    readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.tmux = tmux ?? runner.tmux(townServer(town, env));
    this.gatherer = new SnapshotGatherer(town);
    this.usage = new UsageSampler(town);
    this.resources = new ResourceSampler(town);
    this.executor = new DaemonExecutor(town, runner, this.tmux, env);
    this.notifier = new Notifier(town, runner, env, this.tmux);
    this.oracles = new OracleRegistry(town, runner);
    this.executor.oracles = this.oracles;
  }

  async tick(now = Date.now()): Promise<TickReport> {
    const settings = this.gatherer.settings();
    const chains = this.gatherer.chains();
    // One list-sessions call per tick: liveness and activity for the agent states and the decisions.
    const listed = await this.refreshStates(now, settings.witness.stuck_after);
    let usageProblem: string | undefined;
    if (samplingDue(settings, now, this.lastOutputAt, this.lastUsageAt)) {
      this.lastUsageAt = now;
      await this.usage.pass(now).catch((e: unknown) => (usageProblem = `token sampling: ${errorMessage(e)}`));
      if (settings.resources.enabled)
        await this.resources
          .pass(settings.resources, now)
          .catch((e: unknown) => (usageProblem = `resource sampling: ${errorMessage(e)}`));
    }
    // One round trip per outpost: its sessions, changed panes (states derived as here), the agent calls waiting there.
    const remote = await syncOutposts(this.town, this.env, {
      ...this.outposts,
      stuckAfterMs: settings.witness.stuck_after,
    });
    const sessions = sessionFacts([...(listed ?? []), ...remote.flatMap((o) => o.sessions)]);
    const snap = this.gatherer.gather(sessions, now, {
      settings,
      chains,
      ...(remote.length > 0 ? { outposts: outpostFacts(this.town, remote) } : {}),
      ...(this.executor.lastGcAt !== undefined ? { lastGcAt: this.executor.lastGcAt } : {}),
    });
    await this.refreshOracles(snap, now);
    const outcomes: TickReport['outcomes'] = [];
    for (const { step, actions } of decideTick(snap, now)) {
      for (const action of actions)
        outcomes.push({ step, ...(await this.executor.run(action, snap, Date.now())) });
    }
    // Notifications go out in the background: a slow webhook never holds up the next tick.
    await this.notifier.tick(snap, now).catch(() => undefined);
    this.ticks++;
    const problems = usageProblem ? [...this.gatherer.problems, usageProblem] : this.gatherer.problems;
    return { startedAt: now, ms: Date.now() - now, outcomes, problems };
  }

  /**
   * Agent states from the panes (hooks, patterns, activity), skipped when no polecat has a session
   * to read; only panes with output since the last reading are captured again. Run by each tick,
   * and between ticks every state_interval. Returns the sessions listed.
   */
  async refreshStates(now: number, stuckAfterMs: number): Promise<SessionInfo[] | undefined> {
    const listed = await this.tmux.listSessions().catch(() => undefined);
    for (const s of listed ?? []) this.lastOutputAt = Math.max(this.lastOutputAt, s.activity * 1000);
    if (listed && this.hasLivePolecats())
      await refreshPolecatStates(this.town, undefined, {
        tmux: this.tmux,
        now,
        sessions: listed,
        panes: this.panes,
        stuckAfterMs,
      }).catch(() => undefined);
    return listed;
  }

  /** The oracle of each rig: ref files read, git only for branches whose tip moved. */
  private async refreshOracles(snap: DaemonSnapshot, now: number): Promise<void> {
    for (const rig of snap.rigs) {
      try {
        const r = await this.oracles.refresh(
          rig.name,
          rig.config.default_branch,
          trackedBranches(rig.polecats, rig.issues),
          now,
        );
        rig.oracle = r.file;
        for (const p of r.problems) this.gatherer.problems.push(`oracle ${rig.name}: ${p}`);
      } catch (e) {
        this.gatherer.problems.push(`oracle ${rig.name}: ${errorMessage(e)}`);
      }
    }
  }

  /** Cheap: any polecat state file at all (readdir of small dirs), re-checked every tick. */
  private hasLivePolecats(): boolean {
    for (const rig of this.town.rigNames()) {
      try {
        if (readdirSync(this.town.rigPaths(rig).polecatStateDir).some((f) => f.endsWith('.json')))
          return true;
      } catch {
        /* no polecats dir */
      }
    }
    return false;
  }
}

export type RunOptions = {
  /** Stop after this many ticks (tests). */
  maxTicks?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** This machine's runner; default runnerFor(town). */
  runner?: Runner;
  tmux?: Tmux;
  env?: NodeJS.ProcessEnv;
  /** Report an uncaught error as the daemon dying, then exit (the real daemon process only). */
  fatalHandler?: boolean;
};

/**
 * `overseer daemon` in the foreground: take the town's daemon slot (refusing
 * if another daemon runs), tick every tick_interval, write the heartbeat
 * after each tick, stop cleanly on SIGTERM/SIGINT (finishing the tick).
 */
export async function runDaemon(town: Town, opts: RunOptions = {}): Promise<void> {
  const log = opts.log ?? stdoutLog(daemonLogFile(town.paths));
  const runner = opts.runner ?? runnerFor(town);
  const here = runnerFor(town);
  const instance = await acquireDaemonInstance(here.here, town.paths);
  const daemon = new Daemon(town, runner, opts.tmux, opts.env);
  let settings: DaemonSettings = daemon.gatherer.settings();
  if (await reportPreviousDeath(daemon.notifier, readHeartbeat(town.paths), process.pid).catch(() => false))
    log('the previous daemon did not stop cleanly: notifying');
  const unfatal = opts.fatalHandler ? installFatalHandler(daemon.notifier, log) : () => undefined;
  const startedAt = new Date().toISOString();
  const hb: DaemonHeartbeat = {
    version: 1,
    pid: process.pid,
    started_at: startedAt,
    at: startedAt,
    state: 'starting',
    ticks: 0,
    tick_interval_ms: Math.max(1, settings.tick_interval),
    last_actions: {},
  };
  await writeHeartbeat(town.paths, hb);
  await town.events.emit({
    kind: 'daemon.started',
    actor: 'daemon',
    message: `daemon started (pid ${process.pid}, tick every ${settings.tick_interval} ms)`,
  });
  log(`daemon started for ${town.root} (pid ${process.pid})`);

  let stopping = false;
  let wake: (() => void) | undefined;
  const stop = () => {
    stopping = true;
    wake?.();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  opts.signal?.addEventListener('abort', stop);
  try {
    while (!stopping) {
      const t0 = Date.now();
      try {
        settings = daemon.gatherer.settings();
        const r = await daemon.tick(t0);
        const counts: Record<string, number> = {};
        for (const o of r.outcomes) counts[o.action.kind] = (counts[o.action.kind] ?? 0) + 1;
        for (const o of r.outcomes)
          if (o.detail) log(`${o.step} ${o.action.kind}: ${o.action.reason} — ${o.detail}`);
        Object.assign(hb, {
          state: 'running',
          ticks: daemon.ticks,
          at: new Date().toISOString(),
          last_tick_ms: r.ms,
          last_actions: counts,
          tick_interval_ms: Math.max(1, settings.tick_interval),
        });
        delete hb.last_error;
        if (daemon.executor.lastGcAt) hb.last_gc_at = new Date(daemon.executor.lastGcAt).toISOString();
      } catch (e) {
        hb.last_error = errorMessage(e);
        hb.at = new Date().toISOString();
        log(`tick failed: ${errorMessage(e)}`);
      }
      // A heartbeat that cannot be written (a full disk) stops nothing: the next tick tries again.
      await writeHeartbeat(town.paths, hb).catch((e: unknown) =>
        log(`heartbeat not written: ${errorMessage(e)}`),
      );
      if (opts.maxTicks !== undefined && daemon.ticks >= opts.maxTicks) break;
      // Until the next tick: the agents' states every state_interval (a question shows within about that).
      // Five times less often when every agent has been quiet a while (an idle town costs less).
      for (;;) {
        const left = settings.tick_interval - (Date.now() - t0);
        const lively = Date.now() - daemon.lastOutputAt < settings.state_quiet_after;
        const step = Math.min(left, settings.state_interval * (lively ? 1 : 5));
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.max(0, step));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
        if (stopping || step >= left) break;
        await daemon.refreshStates(Date.now(), settings.witness.stuck_after);
      }
    }
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    await daemon.notifier.flush();
    unfatal();
    hb.state = 'stopped';
    hb.at = new Date().toISOString();
    await writeHeartbeat(town.paths, hb).catch(() => undefined);
    instance.release();
    await town.events
      .emit({
        kind: 'daemon.stopped',
        actor: 'daemon',
        message: `daemon stopped (pid ${process.pid}) after ${daemon.ticks} ticks`,
      })
      .catch(() => undefined);
    log('daemon stopped');
  }
}
