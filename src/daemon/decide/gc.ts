import type { Action } from '../actions.js';
import { type DaemonSnapshot, hostSeen } from '../snapshot.js';
import { mergeRequestOf, mergeRequestsByBranch } from './common.js';
import { polecatBranch } from '../../town/schemas/polecat.js';

/**
 * Workspace GC, at start and every gc.interval: a worktree is a candidate
 * only when its issue is closed or its merge request merged, and no live
 * session references it. A polecat's merge request must be for its own issue
 * (names and branches are reused); a polecat still spawning is never a candidate. The executor then asks git (uncommitted, unmerged,
 * unpushed) before removing, and logs what it refused and why.
 */
export function decideGc(snap: DaemonSnapshot, now: number): Action[] {
  const cfg = snap.settings.gc;
  if (!cfg.enabled) return [];
  if (snap.lastGcAt !== undefined && now - snap.lastGcAt < cfg.interval) return [];
  const out: Action[] = [
    { kind: 'gc-pass', reason: snap.lastGcAt === undefined ? 'startup sweep' : 'interval' },
  ];
  for (const rig of snap.rigs) {
    const mrs = mergeRequestsByBranch(rig.issues);
    const byName = new Map(rig.polecats.map((p) => [p.name, p]));
    // Worktrees here, and those of polecats on outposts that answered this tick (refused alike when they hold work).
    const remote = rig.polecats.filter((p) => p.outpost !== 'local' && hostSeen(snap, p)).map((p) => p.name);
    for (const name of new Set([...rig.worktrees, ...remote])) {
      const p = byName.get(name);
      if (p?.state === 'spawning') continue;
      const mr = p ? mergeRequestOf(rig, p) : mrs.get(polecatBranch(name));
      const issueId = p?.issue ?? mr?.mr.source_issue;
      const issue = issueId ? rig.issues.get(issueId) : undefined;
      const merged = mr?.mr.state === 'merged';
      const closed = issue?.status === 'closed';
      if (!merged && !closed) continue;
      const why = merged ? `${mr!.id} merged` : `${issueId} closed`;
      // A worktree without a state file: the session it would have.
      const session = p?.session ?? `ov-${rig.config.beads.prefix}-${name}`;
      if (snap.sessions.get(session)?.alive) {
        out.push({
          kind: 'gc-refuse',
          rig: rig.name,
          polecat: name,
          reason: `${why}, but session ${session} is still running`,
        });
        continue;
      }
      out.push({
        kind: 'gc-check',
        rig: rig.name,
        polecat: name,
        ...(issueId ? { issue: issueId } : {}),
        reason: why,
      });
    }
  }
  return out;
}
