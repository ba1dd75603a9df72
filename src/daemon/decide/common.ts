import type { Bead } from '../../town/schemas/bead.js';
import type { PolecatState } from '../../town/schemas/polecat.js';
import { isMergeRequest, type MergeRequest } from '../../town/merge-requests.js';
import type { DaemonRig } from '../snapshot.js';

export const ms = (iso: string | undefined): number | undefined => {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
};

export const iso = (t: number): string => new Date(t).toISOString();

/** The latest merge request for a polecat's branch and issue. */
export function mergeRequestOf(
  rig: DaemonRig,
  p: Pick<PolecatState, 'branch' | 'issue'>,
): MergeRequest | undefined {
  let best: MergeRequest | undefined;
  for (const b of rig.issues.values()) {
    if (!isMergeRequest(b) || b.mr.branch !== p.branch || b.mr.source_issue !== p.issue) continue;
    if (!best || b.created_at > best.created_at) best = b;
  }
  return best;
}

/** Merge requests by branch, built once per rig per tick. For a worktree whose polecat state is gone. */
export function mergeRequestsByBranch(issues: Map<string, Bead>): Map<string, MergeRequest> {
  return latestBy(issues, (m) => m.mr.branch);
}

/**
 * The latest merge request per polecat's work, branch and issue: a polecat
 * name (and so its branch) is reused after a merge, and the earlier
 * polecat's request must never read as the new one's. Built once per rig per tick.
 */
export type WorkRequests = Map<string, MergeRequest>;

export function mergeRequestsByWork(issues: Map<string, Bead>): WorkRequests {
  return latestBy(issues, (m) => workKey(m.mr.branch, m.mr.source_issue));
}

/** The latest merge request for this polecat's branch and issue. */
export function requestOfWork(
  mrs: WorkRequests,
  p: Pick<PolecatState, 'branch' | 'issue'>,
): MergeRequest | undefined {
  return mrs.get(workKey(p.branch, p.issue));
}

const workKey = (branch: string, issue: string) => `${branch}\0${issue}`;

function latestBy(issues: Map<string, Bead>, key: (m: MergeRequest) => string): Map<string, MergeRequest> {
  const out = new Map<string, MergeRequest>();
  for (const b of issues.values()) {
    if (!isMergeRequest(b)) continue;
    const k = key(b);
    const old = out.get(k);
    if (!old || b.created_at >= old.created_at) out.set(k, b);
  }
  return out;
}

/** Keep the end of long output (test logs) for mail and prompts. */
export function tail(text: string, maxChars = 2000): string {
  return text.length <= maxChars ? text : '…' + text.slice(text.length - maxChars);
}
