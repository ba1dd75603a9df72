import { cleanLine as sanitizeLine } from './clean.js';
import {
  attentionItems,
  POLECAT_ATTENTION_KINDS,
  type AttentionKind,
  type AttentionSource,
} from '../../daemon/attention.js';
import type { StoreSnapshot } from '../../store/types.js';
import type { Bead } from '../../town/schemas/bead.js';
import { memoOn } from './memo.js';
import { staleReason } from './polecats.js';

export type AttentionRow = {
  key: string;
  kind: AttentionKind;
  rig: string;
  /** Polecat name, merge request id, or escalation mail id. */
  subject: string;
  /** Set when the subject is a polecat (nudge, attach and stop apply); overlaps: the later one. */
  polecat?: string;
  /** Overlaps: the other polecat of the pair. */
  other?: string;
  issue?: string;
  reason: string;
  since: number;
  /** A conflict's "Resolve merge conflicts" issue. */
  resolveIssue?: string;
};

// attentionItems looks only at merge requests among issues and at open mail to the overseer:
// hand it just those (memoized per log), so a polecat write does not rescan 20,000 issues.
const onlyMrs = memoOn((issues: ReadonlyMap<string, Bead>) => {
  const m = new Map<string, Bead>();
  for (const [id, b] of issues) if (b.issue_type === 'merge-request') m.set(id, b);
  return m;
});
const onlyOpenMail = memoOn((beads: ReadonlyMap<string, Bead>) => {
  const m = new Map<string, Bead>();
  for (const [id, b] of beads) if (b.issue_type === 'message' && b.status === 'open') m.set(id, b);
  return m;
});

const rows = memoOn((snap: StoreSnapshot): AttentionRow[] => {
  const source: AttentionSource = {
    rigs: snap.rigs.map((r) => ({
      name: r.name,
      issues: onlyMrs(r.issues),
      polecats: r.polecats as never,
      oracle: r.oracle,
      allIssues: r.issues,
    })),
    townBeads: onlyOpenMail(snap.townBeads),
  };
  // The daemon's pure rule (waiting, stuck, dead, conflict, failed, escalated; longest waiting first).
  return attentionItems(source, Date.now()).map((a) => ({
    ...(a.kind === 'conflict' ? resolveOf(source, a.rig, a.subject) : {}),
    key: `${a.kind}:${a.rig}/${a.subject}`,
    kind: a.kind,
    rig: a.rig,
    subject: sanitizeLine(a.subject, 60),
    polecat: POLECAT_ATTENTION_KINDS.has(a.kind) ? a.subject : a.polecat,
    other: a.other,
    issue: a.issue,
    reason: sanitizeLine(a.reason, 300),
    since: Date.parse(a.since),
  }));
});

function resolveOf(source: AttentionSource, rig: string, mr: string): { resolveIssue?: string } {
  const b = source.rigs.find((r) => r.name === rig)?.issues.get(mr);
  const id = b?.mr?.resolve_issue;
  return id ? { resolveIssue: id } : {};
}

const withStale = memoOn((snap: StoreSnapshot): AttentionRow[] => {
  const note = staleReason(snap);
  const all = rows(snap);
  return note ? all.map((r) => (r.polecat ? { ...r, reason: `${note} · ${r.reason}` } : r)) : all;
});

/** Who needs the operator, longest waiting first (polecat reasons marked when the daemon's view is stale). */
export function selectAttention(snap: StoreSnapshot): AttentionRow[] {
  return withStale(snap);
}
