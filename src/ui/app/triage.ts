import type { AttentionKind, EscalationFields } from '../../daemon/attention.js';
import type { StoreSnapshot } from '../../store/types.js';
import { isMergeRequest } from '../../town/merge-requests.js';
import type { Bead } from '../../town/schemas/bead.js';
import type { CommandId } from '../keys/commands.js';
import type { AttentionRow } from '../selectors/attention.js';

/**
 * Triage: the fitting actions of each attention item, as data. Every kind
 * lists its commands (keys, hints and descriptions come from the one keymap
 * table); `triageActions` says which apply to one item and why one is off.
 * Pure: an item and what the snapshot knows about it in, commands out.
 */
export const TRIAGE_BY_KIND: Record<AttentionKind, readonly CommandId[]> = {
  waiting: ['action.nudge', 'action.attach', 'action.stop'],
  stuck: ['action.nudge', 'triage.restart', 'action.stop', 'action.attach'],
  dead: ['triage.restart', 'triage.remove'],
  conflict: ['triage.issue', 'triage.spawn', 'triage.retry', 'triage.reject'],
  failed: ['triage.output', 'triage.retry', 'triage.feedback', 'triage.reject', 'triage.issue'],
  escalated: ['triage.reply', 'triage.reassign'],
};

/** What the snapshot knows about an item's subject: its merge request or its escalation mail. */
export type TriageTarget = {
  mr?: {
    id: string;
    rig: string;
    state: string;
    branch: string;
    sourceIssue: string;
    resolveIssue?: string;
    /** The tail of the failed test run ('' when it printed nothing). */
    testOutput: string;
    /** Why it is in its state (the last history entry). */
    reason: string;
  };
  mail?: { id: string; sender: string; title: string; body: string; issue?: string; polecat?: string };
};

export function triageTarget(row: AttentionRow, snap: StoreSnapshot): TriageTarget {
  if (row.kind === 'conflict' || row.kind === 'failed') {
    const b = snap.rigs.find((r) => r.name === row.rig)?.issues.get(row.subject);
    if (!b || !isMergeRequest(b)) return {};
    return {
      mr: {
        id: b.id,
        rig: b.mr.rig,
        state: b.mr.state,
        branch: b.mr.branch,
        sourceIssue: b.mr.source_issue,
        ...(b.mr.resolve_issue ? { resolveIssue: b.mr.resolve_issue } : {}),
        testOutput: b.mr.test_output_tail ?? '',
        reason: b.mr.history.at(-1)?.reason ?? '',
      },
    };
  }
  if (row.kind === 'escalated') {
    const m = snap.townBeads.get(row.subject) as (Bead & { escalation?: EscalationFields }) | undefined;
    if (!m) return {};
    return {
      mail: {
        id: m.id,
        sender: m.sender ?? 'mayor',
        title: m.title,
        body: m.description,
        ...(m.escalation?.issue ? { issue: m.escalation.issue } : {}),
        ...(m.escalation?.polecat ? { polecat: m.escalation.polecat } : {}),
      },
    };
  }
  return {};
}

export type TriageAction = { id: CommandId; disabled?: string };

/** The commands of an item, in display order, each with why it cannot run now (if it cannot). */
export function triageActions(row: AttentionRow | undefined, t: TriageTarget): TriageAction[] {
  if (!row) return [];
  return TRIAGE_BY_KIND[row.kind].map((id): TriageAction => {
    const off = (why: string): TriageAction => ({ id, disabled: why });
    switch (id) {
      case 'triage.issue':
        if (row.kind === 'conflict' && !t.mr?.resolveIssue) return off('no resolve issue recorded');
        return t.mr ? { id } : off('the merge request is gone');
      case 'triage.spawn':
        return t.mr?.resolveIssue ? { id } : off('no resolve issue recorded');
      case 'triage.output':
      case 'triage.retry':
      case 'triage.reject':
      case 'triage.feedback':
        return t.mr ? { id } : off('the merge request is gone');
      case 'triage.reply':
        return t.mail ? { id } : off('the escalation mail is gone');
      case 'triage.reassign':
        return t.mail?.issue ? { id } : off('the escalation names no issue');
      default:
        return row.polecat ? { id } : off('no polecat');
    }
  });
}

/** The detail view of an item: what it is, why, and its keys' targets. */
export function triageDetail(row: AttentionRow, t: TriageTarget, snap: StoreSnapshot): string[] {
  const issue = (id: string | undefined) =>
    id ? snap.rigs.find((r) => r.name === row.rig)?.issues.get(id) : undefined;
  const lines = [`${row.kind} since ${new Date(row.since).toISOString()}`, '', row.reason, ''];
  if (row.issue) lines.push(`issue     ${row.issue}  ${issue(row.issue)?.title ?? ''}`);
  if (t.mr) {
    lines.push(`request   ${t.mr.id} (${t.mr.state}), branch ${t.mr.branch}`);
    if (t.mr.resolveIssue)
      lines.push(`resolve   ${t.mr.resolveIssue} (${issue(t.mr.resolveIssue)?.status ?? 'unknown'})`);
  }
  if (t.mail) lines.push(`from      ${t.mail.sender}`, '', ...t.mail.body.split('\n'));
  return lines;
}
