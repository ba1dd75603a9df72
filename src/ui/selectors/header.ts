import { formatAge } from '../../core/time.js';
import { POLECAT_STATES, type PolecatStateName } from '../../town/schemas/polecat.js';
import type { FileError, StoreSnapshot } from '../../store/types.js';
import { cleanLine as sanitizeLine } from './clean.js';
import { unreadCount } from './mail.js';
import { memoOn } from './memo.js';
import { selectMergeQueue, type MergeRow } from './merge-queue.js';

export type HeaderInfo = {
  town: string;
  rigs: number;
  polecats: number;
  byState: Partial<Record<PolecatStateName, number>>;
  unread: number;
  /** Epoch ms of the daemon's last heartbeat; undefined when it never ran. */
  heartbeatAt?: number;
  /** The daemon's own word: starting, running or stopped. */
  daemonState?: string;
  /** How current the polecat states are (with a state probe). */
  view?: StoreSnapshot['daemon'];
  errors: readonly FileError[];
  /** Tokens and estimated cost, per rig and for the town (daemon-sampled); undefined before any. */
  spend?: { tokens: number; cost: number; rigs: { rig: string; tokens: number; cost: number }[] };
  /** Merge requests waiting or in trouble. */
  mq: { queued: number; testing: number; failed: number; conflict: number };
  /** Emergency stop in force: "town", or the paused rigs. */
  paused?: string;
  /** Each outpost as the daemon last saw it (names sanitized). */
  outposts: OutpostRow[];
};

export type OutpostRow = {
  name: string;
  reachable: boolean;
  used: number;
  max: number;
  latencyMs?: number;
  /** Epoch ms it became unreachable. */
  staleSince?: number;
};

const info = memoOn((snap: StoreSnapshot): HeaderInfo => {
  const byState: Partial<Record<PolecatStateName, number>> = {};
  let polecats = 0;
  for (const rig of snap.rigs)
    for (const p of rig.polecats) {
      byState[p.state] = (byState[p.state] ?? 0) + 1;
      polecats++;
    }
  return {
    town: sanitizeLine(snap.town?.name ?? '(no town)', 40),
    rigs: snap.rigs.length,
    polecats,
    byState,
    unread: unreadCount(snap),
    heartbeatAt: snap.heartbeat?.at,
    daemonState: typeof snap.heartbeat?.value.state === 'string' ? snap.heartbeat.value.state : undefined,
    view: snap.daemon,
    errors: snap.errors,
    ...spendOf(snap),
    mq: mqCounts(selectMergeQueue(snap)),
    ...(paused(snap) ? { paused: paused(snap) } : {}),
    outposts: (snap.heartbeat?.outposts ?? []).map(outpostRow),
  };
});

function outpostRow(o: NonNullable<NonNullable<StoreSnapshot['heartbeat']>['outposts']>[number]): OutpostRow {
  const since = o.stale_since ? Date.parse(o.stale_since) : NaN;
  return {
    name: sanitizeLine(o.name, 24),
    reachable: o.reachable,
    used: o.slots_used,
    max: o.max_workers,
    ...(o.reachable && o.latency_ms !== undefined ? { latencyMs: Math.round(o.latency_ms) } : {}),
    ...(!o.reachable && Number.isFinite(since) ? { staleSince: since } : {}),
  };
}

/**
 * The outposts, most to least detailed: "⇄ gpu 2/4 35ms, burst STALE 3m" then
 * "⇄ 1/2 up (burst stale)"; empty without outposts.
 */
export function outpostSummaries(rows: readonly OutpostRow[], now: number): [string, string] | undefined {
  if (rows.length === 0) return undefined;
  const one = (o: OutpostRow) =>
    o.reachable
      ? `${o.name} ${o.used}/${o.max}${o.latencyMs !== undefined ? ` ${o.latencyMs}ms` : ''}`
      : `${o.name} STALE${o.staleSince !== undefined ? ` ${formatAge(Math.max(0, now - o.staleSince))}` : ''}`;
  const stale = rows.filter((o) => !o.reachable).map((o) => o.name);
  const up = rows.length - stale.length;
  return [
    `⇄ ${rows.map(one).join(', ')}`,
    `⇄ ${up}/${rows.length} up${stale.length ? ` (${stale.join(',')} stale)` : ''}`,
  ];
}

function mqCounts(rows: readonly MergeRow[]): HeaderInfo['mq'] {
  const c = { queued: 0, testing: 0, failed: 0, conflict: 0 };
  for (const r of rows) if (r.state in c) c[r.state as keyof typeof c]++;
  return c;
}

function paused(snap: StoreSnapshot): string | undefined {
  const p = snap.paused;
  if (!p) return undefined;
  if (p.all) return 'town';
  const rigs = Object.keys(p.rigs);
  return rigs.length ? rigs.map((r) => sanitizeLine(r, 20)).join(',') : undefined;
}

/** "mq 2q 1t 1f 1c": queued, testing, failed, conflict (what is in the queue or needs you). */
export function mqSummary(mq: HeaderInfo['mq']): string {
  return `mq ${mq.queued}q ${mq.testing}t ${mq.failed}f ${mq.conflict}c`;
}

export function selectHeader(snap: StoreSnapshot): HeaderInfo {
  return info(snap);
}

/** "3 working · 1 waiting · 1 stuck": states present, in lifecycle order. */
export function stateSummary(byState: HeaderInfo['byState']): string {
  return POLECAT_STATES.filter((s) => (byState[s] ?? 0) > 0)
    .map((s) => `${byState[s]} ${s}`)
    .join(' · ');
}

function spendOf(snap: StoreSnapshot): Pick<HeaderInfo, 'spend'> {
  const rigs = snap.rigs
    .filter((r) => r.resources?.totals)
    .map((r) => ({
      rig: sanitizeLine(r.name, 40),
      tokens: r.resources!.totals!.tokens,
      cost: r.resources!.totals!.cost_usd,
    }));
  if (rigs.length === 0) return {};
  return {
    spend: {
      tokens: rigs.reduce((a, r) => a + r.tokens, 0),
      cost: rigs.reduce((a, r) => a + r.cost, 0),
      rigs,
    },
  };
}
