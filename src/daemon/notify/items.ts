import { sanitizeLine } from '../../core/sanitize.js';
import type { Bead } from '../../town/schemas/bead.js';
import {
  type AttentionItem,
  type AttentionSource,
  type EscalationFields,
  attentionItems,
} from '../attention.js';
import type { NotifyKind } from './config.js';

/**
 * One thing the operator should hear about. Built from the attention queue
 * (so the cockpit, the CLI and notifications agree on what needs the
 * operator), plus one-shot items such as the daemon dying. Every text field
 * is sanitized here, once: it goes to terminals, chat services and programs.
 */
export type NotifyItem = {
  /** Stable while the item stays open: "waiting:web/bob". */
  key: string;
  kind: NotifyKind;
  rig?: string;
  /** Polecat name, merge request id, mail id, or daemon pid. */
  subject: string;
  issue?: string;
  issue_title?: string;
  /** One line: what needs the operator. */
  title: string;
  reason: string;
  /** ISO time since when. */
  since: string;
};

const LABEL: Record<NotifyKind, string> = {
  waiting: 'Waiting for input',
  error: 'Model error',
  stuck: 'Stuck',
  dead: 'Dead',
  conflict: 'Merge conflict',
  failed: 'Tests failed',
  escalated: 'Escalation',
  overlap: 'Overlapping changes',
  exhausted: 'Every tier failed',
  'daemon-died': 'Daemon died',
};

export function kindLabel(kind: NotifyKind): string {
  return LABEL[kind];
}

function headline(kind: NotifyKind, where: string, issue?: string, issueTitle?: string): string {
  const about = issue ? ` (${issue}${issueTitle ? `: ${issueTitle}` : ''})` : '';
  return sanitizeLine(`${LABEL[kind]}: ${where}${about}`, 200);
}

function issueTitle(snap: AttentionSource, rig: string, issue: string | undefined): string | undefined {
  if (!issue) return undefined;
  const b = snap.rigs.find((r) => r.name === rig)?.issues.get(issue);
  return b ? sanitizeLine(b.title, 120) : undefined;
}

function kindOf(a: AttentionItem, townBeads: Map<string, Bead>): NotifyKind {
  if (a.kind !== 'escalated') return a.kind;
  const f = (townBeads.get(a.subject) as (Bead & { escalation?: EscalationFields }) | undefined)?.escalation;
  return f?.about === 'exhausted' ? 'exhausted' : 'escalated';
}

/** The open items of a town snapshot, longest waiting first. */
export function notifyItems(snap: AttentionSource, now: number): NotifyItem[] {
  return attentionItems(snap, now).map((a) => {
    const kind = kindOf(a, snap.townBeads);
    const subject = sanitizeLine(a.subject, 80);
    const rig = a.rig ? sanitizeLine(a.rig, 40) : undefined;
    const where =
      kind === 'escalated' || kind === 'exhausted'
        ? `${rig ? `${rig} ` : ''}${subject}`
        : `${rig}/${subject}`;
    const title = issueTitle(snap, a.rig, a.issue);
    return {
      key: `${a.kind}:${a.rig}/${a.subject}`,
      kind,
      ...(rig ? { rig } : {}),
      subject,
      ...(a.issue ? { issue: sanitizeLine(a.issue, 40) } : {}),
      ...(title ? { issue_title: title } : {}),
      title: headline(kind, where, a.issue, title),
      reason: sanitizeLine(a.reason, 400),
      since: a.since,
    };
  });
}

/** A one-shot item: the daemon (pid) ended without stopping cleanly. */
export function daemonDiedItem(pid: number, at: string, why: string): NotifyItem {
  return {
    key: `daemon-died:${pid}:${at}`,
    kind: 'daemon-died',
    subject: String(pid),
    title: headline('daemon-died', `pid ${pid}`),
    reason: sanitizeLine(why, 400),
    since: at,
  };
}
