import { errorMessage } from '../../core/errors.js';
import { sshRunnerFor } from '../../runtime/hosts.js';
import type { ProbeAnswer } from '../../runtime/remote/probe.js';
import { OutpostUnreachableError } from '../../runtime/ssh/errors.js';
import type { SessionInfo } from '../../runtime/tmux.js';
import { townSocketName } from '../../runtime/town-tmux.js';
import { loadOutposts, readOutpostStatus, writeOutpostStatus } from '../../town/outposts.js';
import type { OutpostStatus } from '../../town/schemas/outpost.js';
import type { Town } from '../../town/town.js';
import { deliverCall, readLedger } from './deliver.js';
import { canonicalWithBranch } from './fetch-back.js';
import { polecatsAt, polecatsOn } from './slots.js';
import { updatePolecat } from '../../town/polecat-state.js';
import { loadDaemonSettings } from '../../town/daemon-settings.js';
import { PaneCache } from '../../agents/state/pane-cache.js';
import { RemoteStates } from './remote-states.js';
import { followLocalJobs, offloadProbe, unfinishedJobs } from '../offload/seen.js';
import type { OffloadJob } from '../../town/schemas/offload.js';
import { UsageBook } from '../../runtime/proc-usage.js';
import { polecatUsage, usageRequest } from './remote-usage.js';

/** Kept across ticks by the daemon: each outpost's panes as last read (a pane is captured again only after output). */
export type SyncOptions = {
  panes?: Map<string, PaneCache>;
  /** Kept across ticks by the daemon: each outpost's last process sample (CPU % needs two). */
  usage?: Map<string, UsageBook>;
  stuckAfterMs?: number;
  /** The offload jobs the daemon follows, read once per tick for every outpost. */
  offloadJobs?: readonly OffloadJob[];
};

/** What the daemon keeps across ticks for its outposts. */
export function syncMemory(): Required<Pick<SyncOptions, 'panes' | 'usage'>> {
  return { panes: new Map(), usage: new Map() };
}

export type OutpostSync = {
  name: string;
  reachable: boolean;
  /** The town's tmux sessions there (empty when unreachable). */
  sessions: SessionInfo[];
  /** Agent calls delivered this time. */
  delivered: number;
  /** Panes captured this time (only those with output since the last read). */
  captured?: number;
  latencyMs?: number;
  error?: string;
};

/**
 * One round trip to an outpost (the helper's probe): its tmux sessions, the
 * agent calls waiting in its spool (the ones delivered last time are
 * dropped there first), the panes of its polecats that had output since
 * the last read, all in one batch however many polecats it runs. The calls
 * are then delivered in the town, the polecats' states derived from their
 * panes as for a polecat here, and the outpost's status file
 * (reachable or stale since when, latency, slots) is written for the
 * cockpit and `outpost list`. An unreachable outpost is a status, not an
 * error; while it backs off no attempt is made.
 */
export async function syncOutpost(
  town: Town,
  name: string,
  env: NodeJS.ProcessEnv = process.env,
  opts: SyncOptions = {},
): Promise<OutpostSync> {
  const r = sshRunnerFor(town, name);
  let panes = opts.panes?.get(name);
  if (opts.panes && !panes) opts.panes.set(name, (panes = new PaneCache()));
  let book = opts.usage?.get(name);
  if (opts.usage && !book) opts.usage.set(name, (book = new UsageBook()));
  const live = polecatsOn(town, name);
  const states = new RemoteStates(town, polecatsAt(town, name), panes);
  const prev = readOutpostStatus(town.paths, name);
  const acks = (prev as { pending_acks?: string[] } | undefined)?.pending_acks ?? [];
  const base = {
    version: 1 as const,
    name,
    slots_used: live.length,
    max_workers: r.config.max_workers,
    failures: 0,
    updated_at: new Date().toISOString(),
  };
  const offload = offloadProbe(town, name, opts.offloadJobs);
  const t0 = Date.now();
  let ans: ProbeAnswer;
  try {
    ans = await r.helper<ProbeAnswer>('probe', {
      tmux: r.layout.tmuxSocket(townSocketName(town, env)),
      capture: states.capture(),
      spool: r.layout.spool,
      ack: acks,
      ...(offload.queries.length > 0 ? { offload: offload.queries } : {}),
      dir: r.config.dir,
      usage: usageRequest(town, live),
    });
  } catch (e) {
    if (!(e instanceof OutpostUnreachableError)) throw e;
    const st = r.conn.status;
    const status: OutpostStatus & { pending_acks: string[] } = {
      ...base,
      reachable: false,
      error: errorMessage(e),
      failures: st.failures,
      stale_since: prev?.stale_since ?? new Date(st.downSince ?? t0).toISOString(),
      ...(prev?.last_ok_at ? { last_ok_at: prev.last_ok_at } : {}),
      ...(st.retryAt ? { retry_at: new Date(st.retryAt).toISOString() } : {}),
      pending_acks: acks,
      // The last known figures, as of last_ok_at.
      ...(prev?.host ? { host: prev.host } : {}),
      ...(prev?.polecats ? { polecats: prev.polecats } : {}),
    };
    await writeOutpostStatus(town.paths, status);
    await markStale(town, name, status.stale_since);
    return { name, reachable: false, sessions: [], delivered: 0, error: status.error };
  }
  const t1 = Date.now();
  const latencyMs = t1 - t0;
  const ledger = readLedger(town, name);
  const delivered: string[] = [];
  for (const call of ans.calls) {
    await deliverCall(town, name, call, ledger);
    delivered.push(call.id);
  }
  const status: OutpostStatus & { pending_acks: string[] } = {
    ...base,
    reachable: true,
    last_ok_at: new Date().toISOString(),
    latency_ms: latencyMs,
    pending_acks: delivered,
    ...(ans.host ? { host: ans.host } : {}),
    polecats: polecatUsage(town, live, ans, book),
    ...(ans.errors.length > 0 ? { error: ans.errors.join('; ') } : {}),
  };
  await writeOutpostStatus(town.paths, status);
  await markStale(town, name, undefined);
  offload.seen(ans.offload);
  // States from the panes, after the calls: a `done` delivered just now stays done.
  await states.apply(ans, {
    t0,
    t1,
    stuckAfterMs: opts.stuckAfterMs ?? loadDaemonSettings(town.paths).witness.stuck_after,
  });
  // Back after a cut: bring its polecats' branches home first, so no commit exists only there.
  if (prev && !prev.reachable) await fetchBranches(town, name);
  return {
    name,
    reachable: true,
    sessions: ans.sessions,
    delivered: delivered.length,
    captured: Object.keys(ans.panes).length,
    latencyMs,
  };
}

/** Fetch every branch of the outpost's polecats into the canonical clones (a failure waits for the next return). */
async function fetchBranches(town: Town, outpost: string): Promise<void> {
  const r = sshRunnerFor(town, outpost);
  for (const p of polecatsAt(town, outpost))
    await canonicalWithBranch(town, r, p.rig, p.branch).catch(() => undefined);
}

/** Mark the outpost's polecats stale since `since` (their state is the last known one), or clear it; written only on a change. */
async function markStale(town: Town, outpost: string, since: string | undefined): Promise<void> {
  for (const p of polecatsAt(town, outpost)) {
    if (p.outpost_stale_since === since) continue;
    await updatePolecat(town.rigPaths(p.rig), p.name, (cur) => {
      if (cur.outpost_stale_since === since) return undefined;
      const { outpost_stale_since: _old, ...rest } = cur;
      return since ? { ...rest, outpost_stale_since: since } : rest;
    });
  }
}

/** syncOutpost for every outpost of config/outposts.yaml, at once. */
export async function syncOutposts(
  town: Town,
  env: NodeJS.ProcessEnv = process.env,
  opts: SyncOptions = {},
): Promise<OutpostSync[]> {
  // The offload jobs followed, read once; those on this machine are read here, no round trip.
  let offloadJobs: OffloadJob[] = [];
  try {
    offloadJobs = unfinishedJobs(town);
    await followLocalJobs(town, offloadJobs);
  } catch {
    /* a bad job record: the cockpit names the file */
  }
  let names: string[];
  try {
    names = loadOutposts(town.paths).outposts.map((o) => o.name);
  } catch {
    return [];
  }
  return Promise.all(
    names.map((n) =>
      syncOutpost(town, n, env, { ...opts, offloadJobs }).catch((e: unknown): OutpostSync => ({
        name: n,
        reachable: false,
        sessions: [],
        delivered: 0,
        error: errorMessage(e),
      })),
    ),
  );
}
