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

/** Merge requests by branch, built once per rig per tick. */
export function mergeRequestsByBranch(issues: Map<string, Bead>): Map<string, MergeRequest> {
  const out = new Map<string, MergeRequest>();
  for (const b of issues.values()) {
    if (!isMergeRequest(b)) continue;
    const old = out.get(b.mr.branch);
    if (!old || b.created_at >= old.created_at) out.set(b.mr.branch, b);
  }
  return out;
}

/** Keep the end of long output (test logs) for mail and prompts. */
export function tail(text: string, maxChars = 2000): string {
  return text.length <= maxChars ? text : '…' + text.slice(text.length - maxChars);
}
