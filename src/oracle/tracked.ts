import { isMergeRequest } from '../town/merge-requests.js';
import type { Bead } from '../town/schemas/bead.js';
import { LIVE_STATES, type PolecatState, polecatOfAddress } from '../town/schemas/polecat.js';
import type { Tracked } from './oracle.js';

/**
 * The branches the oracle follows in a rig, pure: every live polecat's
 * branch and every queued (or testing) merge request's branch.
 */
export function trackedBranches(
  polecats: readonly PolecatState[],
  beads: ReadonlyMap<string, Bead>,
): Tracked[] {
  const out: Tracked[] = [];
  for (const p of polecats)
    if (LIVE_STATES.has(p.state)) out.push({ branch: p.branch, owner: p.name, issue: p.issue });
  for (const b of beads.values()) {
    if (!isMergeRequest(b) || (b.mr.state !== 'queued' && b.mr.state !== 'testing')) continue;
    const owner = polecatOfAddress(b.mr.worker) ?? b.mr.worker;
    out.push({ branch: b.mr.branch, owner, issue: b.mr.source_issue, mr: b.id });
  }
  return out;
}
