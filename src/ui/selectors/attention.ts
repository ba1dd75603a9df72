import { sanitizeLine } from '../../core/sanitize.js';
import { attentionItems, type AttentionKind, type AttentionSource } from '../../daemon/attention.js';
import type { StoreSnapshot } from '../../store/types.js';
import { memoOn } from './memo.js';

export type AttentionRow = {
  key: string;
  kind: AttentionKind;
  rig: string;
  /** Polecat name, merge request id, or escalation mail id. */
  subject: string;
  /** Set when the subject is a polecat (nudge, attach and stop apply). */
  polecat?: string;
  issue?: string;
  reason: string;
  since: number;
};

const POLECAT_KINDS: ReadonlySet<AttentionKind> = new Set(['waiting', 'stuck', 'dead']);

const rows = memoOn((snap: StoreSnapshot): AttentionRow[] =>
  // The daemon's pure rule (waiting, stuck, dead, conflict, failed, escalated; longest waiting first).
  attentionItems(snap as unknown as AttentionSource, Date.now()).map((a) => ({
    key: `${a.kind}:${a.rig}/${a.subject}`,
    kind: a.kind,
    rig: a.rig,
    subject: sanitizeLine(a.subject, 60),
    polecat: POLECAT_KINDS.has(a.kind) ? a.subject : undefined,
    issue: a.issue,
    reason: sanitizeLine(a.reason, 300),
    since: Date.parse(a.since),
  })),
);

/** Who needs the operator, longest waiting first. */
export function selectAttention(snap: StoreSnapshot): AttentionRow[] {
  return rows(snap);
}
