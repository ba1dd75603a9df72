import { cleanLine as sanitizeLine } from './clean.js';
import type { PolecatStateName } from '../../town/schemas/polecat.js';
import type { StoreSnapshot } from '../../store/types.js';
import { clock } from '../../town/daemon-view.js';
import { memoOn } from './memo.js';

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
};

const byRigs = memoOn((rigs: StoreSnapshot['rigs']): PolecatRow[] => {
  const rows: PolecatRow[] = [];
  for (const rig of rigs) {
    for (const p of rig.polecats) {
      const issue = rig.issues.get(p.issue);
      rows.push({
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
      });
    }
  }
  return rows;
});

const withActivity = memoOn((snap: StoreSnapshot): PolecatRow[] => {
  const rows = byRigs(snap.rigs);
  if (snap.paneActivity.size === 0) return rows;
  return rows.map((r) => {
    const a = snap.paneActivity.get(r.session);
    return a !== undefined && (r.lastActivity === undefined || a > r.lastActivity)
      ? { ...r, lastActivity: a }
      : r;
  });
});

const withStale = memoOn((snap: StoreSnapshot): PolecatRow[] => {
  const rows = withActivity(snap);
  const note = staleReason(snap);
  return note ? rows.map((r) => ({ ...r, reason: `${note} · ${r.reason}` })) : rows;
});

/**
 * Every polecat of the town, rig then name order, with its issue's title and
 * last activity; when the daemon's view is stale, each reason says since when.
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
