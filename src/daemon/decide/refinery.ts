import { isMergeRequest } from '../../town/merge-requests.js';
import type { Attempt } from '../../town/schemas/attempt.js';
import type { Action } from '../actions.js';
import { resolvedConflicts } from '../../refinery/resolved.js';
import type { DaemonSnapshot } from '../snapshot.js';
import { polecatBranch } from '../../town/schemas/polecat.js';

/** Refinery step: run the merge queue of each rig that has queued or in-flight requests. */
export function decideRefinery(snap: DaemonSnapshot, _now: number): Action[] {
  if (!snap.settings.refinery.enabled) return [];
  const out: Action[] = [];
  for (const rig of snap.rigs) {
    // Conflicts resolved since the last tick: requeued, or landed through the resolving request.
    for (const r of resolvedConflicts(rig.issues))
      out.push({
        kind: 'mr-resolved',
        rig: rig.name,
        mr: r.mr,
        ...(r.kind === 'supersede' ? { by: r.by } : {}),
        reason: r.reason,
      });
    let queued = 0;
    let testing = 0;
    const held: string[] = [];
    for (const b of rig.issues.values()) {
      if (!isMergeRequest(b)) continue;
      if (b.mr.state === 'queued') {
        queued++;
        if (snap.chains.verifier && awaitsVerifier(rig.attempts.get(b.mr.source_issue), b.mr.branch))
          held.push(b.id);
      } else if (b.mr.state === 'testing') testing++;
    }
    if (queued === 0 && testing === 0 && !rig.refinery?.current) continue;
    // The verifier judges a change before the merge queue tests it: wait for it (one tick).
    if (held.length > 0 && testing === 0 && !rig.refinery?.current) continue;
    const parts = [
      queued ? `${queued} queued` : '',
      testing ? `${testing} interrupted while testing` : '',
    ].filter(Boolean);
    out.push({ kind: 'refinery', rig: rig.name, reason: parts.join(', ') || 'refinery has unfinished work' });
  }
  return out;
}

/** The running attempt behind this branch has not been through the verifier yet. */
function awaitsVerifier(attempts: Attempt[] | undefined, branch: string): boolean {
  const last = attempts?.at(-1) as (Attempt & { verified?: boolean }) | undefined;
  return (
    !!last &&
    last.verdict === 'running' &&
    last.polecat !== undefined &&
    polecatBranch(last.polecat) === branch &&
    last.verified !== true
  );
}
