import type { AttentionKind, EscalationFields } from '../../daemon/attention.js';
import type { StoreSnapshot } from '../../store/types.js';
import { isMergeRequest } from '../../town/merge-requests.js';
import type { Bead } from '../../town/schemas/bead.js';
import type { CommandId } from '../keys/commands.js';
import type { AttentionRow } from '../selectors/attention.js';
import { attach, stop } from './actions.js';
import { nudgeOrTell, sequence } from './overlap-actions.js';
import { answerActions } from './answer-actions.js';
import type { CockpitUi, PaneAction } from './controller.js';

/**
 * Triage: the fitting actions of each attention item, as data. Each kind
 * lists its commands (keys, hints, descriptions: the keymap table); an
 * action that does not fit the selected item is disabled with the reason,
 * so its key does nothing and the footer and help leave it out.
 */
export const TRIAGE_BY_KIND: Record<AttentionKind, readonly CommandId[]> = {
  waiting: ['action.approve', 'action.deny', 'action.pick', 'action.nudge', 'action.attach', 'action.stop'],
  // A model error: any input retries (nudge), or a fresh session, or stop.
  error: ['action.nudge', 'triage.restart', 'action.attach', 'action.stop'],
  stuck: ['action.nudge', 'triage.restart', 'action.stop', 'action.attach'],
  dead: ['triage.restart', 'triage.remove'],
  conflict: ['triage.issue', 'triage.spawn', 'triage.retry', 'triage.reject'],
  failed: ['triage.output', 'triage.retry', 'triage.feedback', 'triage.reject', 'triage.issue'],
  escalated: ['triage.reply', 'triage.reassign'],
  // Two polecats changing the same lines: tell the later one, make it wait for the other, or stop it.
  overlap: ['action.nudge', 'action.sequence', 'action.stop', 'action.attach'],
};

/** Why a triage command does not fit the item (undefined: it does). Pure. */
export function notFor(id: CommandId, row: AttentionRow | undefined): string | undefined {
  if (!row) return 'no row selected';
  if (!TRIAGE_BY_KIND[row.kind].includes(id)) return `not for ${row.kind} items`;
  if (id === 'triage.spawn' || (id === 'triage.issue' && row.kind === 'conflict'))
    return row.resolveIssue ? undefined : 'no resolve issue recorded';
  if (id === 'triage.reassign') return row.issue ? undefined : 'the escalation names no issue';
  return undefined;
}

/** What the snapshot knows about an item's subject: its merge request or its escalation mail. */
export type TriageTarget = {
  mr?: { id: string; state: string; branch: string; sourceIssue: string; testOutput: string; reason: string };
  mail?: { id: string; sender: string; title: string; body: string };
};

export function triageTarget(row: AttentionRow, snap: StoreSnapshot): TriageTarget {
  if (row.kind === 'conflict' || row.kind === 'failed') {
    const b = snap.rigs.find((r) => r.name === row.rig)?.issues.get(row.subject);
    if (!b || !isMergeRequest(b)) return {};
    const m = b.mr;
    return {
      mr: {
        id: b.id,
        state: m.state,
        branch: m.branch,
        sourceIssue: m.source_issue,
        testOutput: m.test_output_tail ?? '',
        reason: m.history.at(-1)?.reason ?? '',
      },
    };
  }
  if (row.kind === 'escalated') {
    const m = snap.townBeads.get(row.subject) as (Bead & { escalation?: EscalationFields }) | undefined;
    return m ? { mail: { id: m.id, sender: m.sender ?? 'mayor', title: m.title, body: m.description } } : {};
  }
  return {};
}

/** The detail view of an item: what it is, why, and what its keys act on. */
export function triageDetail(row: AttentionRow, snap: StoreSnapshot): string[] {
  const t = triageTarget(row, snap);
  const issue = (id: string | undefined) =>
    id ? snap.rigs.find((r) => r.name === row.rig)?.issues.get(id) : undefined;
  const lines = [`${row.kind} since ${new Date(row.since).toISOString()}`, '', row.reason, ''];
  if (row.issue) lines.push(`issue     ${row.issue}  ${issue(row.issue)?.title ?? ''}`);
  if (t.mr) lines.push(`request   ${t.mr.id} (${t.mr.state}), branch ${t.mr.branch}`);
  if (row.resolveIssue)
    lines.push(`resolve   ${row.resolveIssue} (${issue(row.resolveIssue)?.status ?? 'unknown'})`);
  if (t.mail) lines.push(`from      ${t.mail.sender}`, '', ...t.mail.body.split('\n'));
  return lines;
}

const issueLines = (snap: StoreSnapshot, rig: string, id: string): { title: string; lines: string[] } => {
  const b = snap.rigs.find((r) => r.name === rig)?.issues.get(id);
  if (!b) return { title: id, lines: [`${id} is not in the town's beads`] };
  return {
    title: `${id} ${b.title}`,
    lines: [
      `${b.issue_type}, priority ${b.priority}, ${b.status}`,
      `labels: ${b.labels.join(', ') || '-'}`,
      '',
      ...b.description.split('\n'),
    ],
  };
};

const mrOf = (ui: CockpitUi, row: AttentionRow) => triageTarget(row, ui.snap).mr;

/** The triage actions proper (the shared nudge, attach, stop and answers are added in triageActions). */
const OWN: readonly PaneAction<AttentionRow>[] = [
  {
    command: 'triage.restart',
    run: (ui, r) =>
      ui.open({
        kind: 'confirm',
        plan: {
          title: `${r!.kind === 'dead' ? 'Respawn' : 'Restart'} ${r!.rig}/${r!.polecat}`,
          lines: [
            { text: 'start a fresh session of its agent in its kept worktree', status: 'todo' },
            { text: `was ${r!.kind}: ${r!.reason}`, status: 'ok' },
          ],
          canProceed: true,
          blockers: [],
        },
        verb: r!.kind === 'dead' ? 'respawn it' : 'restart it',
        destructive: false,
        run: () => ui.actions.restart(r!.rig, r!.polecat!),
      }),
  },
  {
    command: 'triage.remove',
    run: (ui, r) =>
      ui.run(`plan removal of ${r!.rig}/${r!.polecat}`, async () => {
        const plan = await ui.actions.planRemove(r!.rig, r!.polecat!);
        ui.open({
          kind: 'confirm',
          plan,
          verb: 'remove it',
          destructive: true,
          run: () => ui.actions.remove(r!.rig, r!.polecat!),
        });
        return plan.canProceed ? `remove ${r!.polecat}?` : `${r!.polecat} cannot be removed safely`;
      }),
  },
  {
    command: 'triage.output',
    run: (ui, r) => {
      const mr = mrOf(ui, r!);
      ui.open({
        kind: 'detail',
        title: `${r!.subject}: test output (tail)`,
        lines: [
          mr?.reason ?? r!.reason,
          '',
          ...(mr?.testOutput.trim() ? mr.testOutput.split('\n') : ['(the test command printed nothing)']),
        ],
      });
    },
  },
  {
    command: 'triage.issue',
    run: (ui, r) => {
      const id = r!.kind === 'conflict' ? r!.resolveIssue! : (mrOf(ui, r!)?.sourceIssue ?? r!.issue ?? '');
      ui.open({ kind: 'detail', ...issueLines(ui.snap, r!.rig, id) });
    },
  },
  {
    command: 'triage.spawn',
    run: (ui, r) => ui.open({ kind: 'pickPreset', issue: r!.resolveIssue!, rig: r!.rig }),
  },
  {
    command: 'triage.retry',
    run: (ui, r) => ui.run(`retry ${r!.subject}`, () => ui.actions.retryMr(r!.subject)),
  },
  {
    command: 'triage.feedback',
    run: (ui, r) =>
      ui.open({
        kind: 'confirm',
        plan: {
          title: `Respawn the worker of ${r!.subject} with the test failure as feedback`,
          lines: [
            { text: `reject ${r!.subject} (superseded)`, status: 'todo' },
            {
              text: `restart its polecat (or spawn one on ${r!.issue ?? 'its issue'}) with the test output in its prompt`,
              status: 'todo',
            },
          ],
          canProceed: true,
          blockers: [],
        },
        verb: 'respawn',
        destructive: false,
        run: () => ui.actions.respawnWithFeedback(r!.subject),
      }),
  },
  {
    command: 'triage.reject',
    run: (ui, r) =>
      ui.open({
        kind: 'input',
        title: `Reject ${r!.subject}`,
        fields: [{ name: 'reason', label: 'Why' }],
        submit: (v) => (v.reason ? ui.actions.rejectMr(r!.subject, v.reason) : undefined),
      }),
  },
  {
    command: 'triage.reply',
    run: (ui, r) => {
      const mail = triageTarget(r!, ui.snap).mail;
      ui.open({
        kind: 'input',
        title: `Reply to ${mail?.sender ?? 'the sender'}: ${mail?.title ?? r!.subject}`,
        fields: [{ name: 'body', label: 'Reply' }],
        submit: (v) => (v.body ? ui.actions.replyEscalation(r!.subject, v.body) : undefined),
      });
    },
  },
  {
    command: 'triage.reassign',
    run: (ui, r) => ui.open({ kind: 'pickAssignee', mail: r!.subject, issue: r!.issue! }),
  },
];

const fits = (a: PaneAction<AttentionRow>): PaneAction<AttentionRow> => ({
  ...a,
  disabled: (row, t) => a.disabled?.(row, t) ?? notFor(a.command, row),
});

/** Every triage action of the attention pane (and of an item's detail view), each fitting some kinds. */
export function triageActions(): PaneAction<AttentionRow>[] {
  const shared = [
    ...answerActions<AttentionRow>((r) => r.kind === 'waiting'),
    nudgeOrTell,
    attach,
  ] as PaneAction<AttentionRow>[];
  return [...shared, ...OWN, stop as PaneAction<AttentionRow>, sequence].map(fits);
}
