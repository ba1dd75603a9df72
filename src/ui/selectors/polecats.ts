import { cleanLine as sanitizeLine } from './clean.js';
import type { PolecatStateName } from '../../town/schemas/polecat.js';
import type { StoreSnapshot } from '../../store/types.js';
import { clock } from '../../town/daemon-view.js';
import { memoOn } from './memo.js';
import { pluginSession } from '../../town/schemas/plugin.js';

export type PolecatRow = {
  key: string;
  name: string;
  rig: string;
  issue: string;
  issueTitle: string;
  state: PolecatStateName;
  reason: string;
  /** Epoch ms the current state began. */
  since: number;
  /** Epoch ms of the last sign of life (state file or tmux pane activity), if any. */
  lastActivity?: number;
  tier?: number;
  agent: string;
  model?: string;
  session: string;
  branch: string;
  /** `local` or the outpost it runs on; `staleSince` while that outpost does not answer. */
  host: string;
  staleSince?: number;
  /** A plugin's agent (its session, no branch of its own). */
  plugin?: boolean;
  /** Tokens (all four kinds) and estimated cost, CPU % and resident bytes of its process tree: daemon-sampled. */
  tokens?: number;
  cost?: number;
  cpu?: number;
  rss?: number;
  disk?: number;
  /** [epoch ms, cpu %, rss bytes, tokens] samples, oldest first. */
  history?: readonly (readonly [number, number, number, number])[];
};

const byRigs = memoOn((rigs: StoreSnapshot['rigs']): PolecatRow[] => {
  const rows: PolecatRow[] = [];
  for (const rig of rigs) {
    for (const p of rig.polecats) {
      const issue = rig.issues.get(p.issue);
      const r = rig.resources?.polecats[p.name];
      const use = r && r.born === p.created_at ? r : undefined;
      rows.push({
        ...(use
          ? {
              cpu: use.cpu_pct,
              rss: use.rss_bytes,
              history: use.history,
              ...(use.tokens !== undefined ? { tokens: use.tokens } : {}),
              ...(use.cost_usd !== undefined ? { cost: use.cost_usd } : {}),
              ...(use.disk_bytes !== undefined ? { disk: use.disk_bytes } : {}),
            }
          : {}),
        key: `${rig.name}/${p.name}`,
        name: p.name,
        rig: rig.name,
        issue: p.issue,
        issueTitle: sanitizeLine(issue?.title ?? '', 200),
        state: p.state,
        reason: sanitizeLine(p.state_reason, 200),
        since: Date.parse(p.state_since),
        lastActivity: p.last_activity_at ? Date.parse(p.last_activity_at) : undefined,
        tier: p.tier,
        agent: sanitizeLine(p.agent, 40),
        model: p.model ? sanitizeLine(p.model, 40) : undefined,
        session: p.session,
        branch: p.branch,
        host: sanitizeLine(p.outpost, 40),
        ...(p.outpost_stale_since ? { staleSince: Date.parse(p.outpost_stale_since) } : {}),
      });
    }
  }
  return rows;
});

const withActivity = memoOn((snap: StoreSnapshot): PolecatRow[] => {
  const rows = [...byRigs(snap.rigs), ...pluginRows(snap)];
  if (snap.paneActivity.size === 0) return rows;
  return rows.map((r) => {
    const a = snap.paneActivity.get(r.session);
    return a !== undefined && (r.lastActivity === undefined || a > r.lastActivity)
      ? { ...r, lastActivity: a }
      : r;
  });
});

/**
 * Plugins are agents too: one row each, with its session. Running (the
 * session answers the activity probe): working while a request waits for
 * its verdict, else idle; not running: idle until its next hook point.
 */
function pluginRows(snap: StoreSnapshot): PolecatRow[] {
  const rows: PolecatRow[] = [];
  for (const rig of snap.rigs) {
    const prefix = rig.config?.beads.prefix;
    if (!prefix) continue;
    for (const p of rig.plugins ?? []) {
      const session = pluginSession(prefix, p.name);
      const running = snap.paneActivity.has(session);
      const last = p.runtime?.invocations.at(-1);
      const pending = running && last?.status === 'pending';
      const reason = p.problem
        ? p.problem
        : !running
          ? 'no session: started at its next hook point'
          : pending
            ? `deciding ${last!.hook} (${last!.id})`
            : last
              ? `last: ${last.hook} ${last.verdict ?? last.status}`
              : 'waiting for requests';
      rows.push({
        key: `${rig.name}/plugins/${p.name}`,
        name: p.name,
        rig: rig.name,
        issue: '(plugin)',
        issueTitle: sanitizeLine(
          p.config.description ?? `hooks: ${p.config.hooks.join(', ') || 'none'}`,
          200,
        ),
        state: pending ? 'working' : p.problem ? 'stuck' : 'idle',
        reason: sanitizeLine(reason, 200),
        since: Date.parse(last?.sent_at ?? p.runtime?.updated_at ?? '') || Date.now(),
        agent: sanitizeLine(p.config.agent ?? rig.config?.default_agent ?? '-', 40),
        model: p.config.model ? sanitizeLine(p.config.model, 40) : undefined,
        session,
        branch: '(own workspace)',
        host: 'local',
        plugin: true,
      });
    }
  }
  return rows;
}

const withStale = memoOn((snap: StoreSnapshot): PolecatRow[] => {
  const rows = withActivity(snap);
  const note = staleReason(snap);
  return note ? rows.map((r) => ({ ...r, reason: `${note} · ${r.reason}` })) : rows;
});

/**
 * Every polecat of the town, rig then name order, with its issue's title and
 * last activity (then the plugins); when the daemon's view is stale, each reason says since when.
 */
export function selectPolecats(snap: StoreSnapshot): PolecatRow[] {
  return withStale(snap);
}

/** "stale since 12:03:05" while the daemon runs but does not tick, else undefined. */
export function staleReason(snap: StoreSnapshot): string | undefined {
  const d = snap.daemon;
  if (d?.status !== 'stale') return undefined;
  return d.lastTickAt === undefined ? 'stale (daemon never ticked)' : `stale since ${clock(d.lastTickAt)}`;
}
