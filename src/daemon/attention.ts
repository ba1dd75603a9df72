import { isMergeRequest } from '../town/merge-requests.js';
import type { Bead } from '../town/schemas/bead.js';
import type { OraclePair } from '../town/schemas/oracle.js';
import type { PolecatState } from '../town/schemas/polecat.js';
import { overlapAttention } from './overlap-attention.js';

/**
 * The attention queue: who needs the overseer, longest waiting first.
 * Derived from files alone (polecat states, merge requests, escalation mail),
 * so the cockpit and the CLI show the same thing without the daemon.
 */
export type AttentionKind =
  'waiting' | 'error' | 'stuck' | 'dead' | 'conflict' | 'failed' | 'escalated' | 'overlap';

/** Attention kinds whose subject is a polecat (its state put it there). */
export const POLECAT_ATTENTION_KINDS: ReadonlySet<AttentionKind> = new Set([
  'waiting',
  'error',
  'stuck',
  'dead',
]);

export type AttentionItem = {
  kind: AttentionKind;
  rig: string;
  /** Polecat name, merge request id, or escalation mail id. */
  subject: string;
  issue?: string;
  reason: string;
  /** ISO time since when it needs attention. */
  since: string;
  /** Overlaps: the polecat to steer (the later one) and the other one. */
  polecat?: string;
  other?: string;
};

/** The fields of an escalation mail (town bead, label `escalation`). */
export type EscalationFields = {
  rig?: string;
  polecat?: string;
  issue?: string;
  epic?: string;
  about: string;
  reason: string;
};

export const ESCALATION_LABEL = 'escalation';

/** The part of a town snapshot this needs (readTownSnapshot's and the daemon's both fit). */
export type AttentionSource = {
  rigs: {
    name: string;
    issues: Map<string, Bead>;
    polecats: PolecatState[];
    /** The merge oracle's pairs (overlap items). */
    oracle?: { pairs: readonly OraclePair[] };
    /** Every issue of the rig, for lookups by id (`issues` may hold merge requests only). */
    allIssues?: ReadonlyMap<string, Bead>;
  }[];
  townBeads: Map<string, Bead>;
};

export function attentionItems(snap: AttentionSource, _now: number): AttentionItem[] {
  const out: AttentionItem[] = [];
  for (const rig of snap.rigs) {
    out.push(...overlapAttention({ ...rig, allIssues: rig.allIssues ?? rig.issues }));
    for (const p of rig.polecats) {
      if (POLECAT_ATTENTION_KINDS.has(p.state as AttentionKind)) {
        out.push({
          kind: p.state as AttentionKind,
          rig: rig.name,
          subject: p.name,
          issue: p.issue,
          reason: p.state_reason,
          since: p.state_since,
        });
      }
    }
    for (const b of rig.issues.values()) {
      if (!isMergeRequest(b) || b.status === 'closed') continue;
      if (b.mr.state !== 'conflict' && b.mr.state !== 'failed') continue;
      const last = [...b.mr.history].reverse().find((h) => h.state === b.mr.state);
      out.push({
        kind: b.mr.state,
        rig: rig.name,
        subject: b.id,
        issue: b.mr.source_issue,
        reason:
          last?.reason ??
          (b.mr.state === 'conflict'
            ? `conflict in ${(b.mr.conflict_paths ?? []).join(', ') || 'the branch'}`
            : 'tests failed'),
        since: last?.at ?? b.updated_at,
      });
    }
  }
  for (const b of snap.townBeads.values()) {
    if (b.issue_type !== 'message' || b.status !== 'open' || b.assignee !== 'overseer') continue;
    if (!b.labels.includes(ESCALATION_LABEL)) continue;
    const f = (b as Bead & { escalation?: EscalationFields }).escalation;
    out.push({
      kind: 'escalated',
      rig: f?.rig ?? '',
      subject: b.id,
      ...(f?.issue ? { issue: f.issue } : {}),
      reason: f?.reason ? `${b.title}: ${f.reason}` : b.title,
      since: b.created_at,
    });
  }
  return out.sort((a, b) => a.since.localeCompare(b.since) || a.subject.localeCompare(b.subject));
}
