import type { StoreSnapshot } from '../../store/types.js';
import type { CommandId } from '../keys/commands.js';
import type { InputField } from '../panes/InputDialog.js';
import type { AttentionRow } from '../selectors/attention.js';
import type { CockpitActions, PlanView } from './actions.js';
import { type TriageTarget, triageActions } from './triage.js';

/** What the triage handlers may ask of the cockpit: dialogs, pickers, the status line. */
export type TriageUi = {
  run(label: string, p: () => Promise<string | void>): void;
  detail(title: string, lines: string[]): void;
  confirm(plan: PlanView, verb: string, destructive: boolean, go: () => Promise<string>): void;
  input(
    title: string,
    fields: InputField[],
    submit: (v: Record<string, string>) => Promise<string> | void,
  ): void;
  pickPreset(issue: string, rig: string): void;
  pickAssignee(mailId: string, issue: string): void;
};

type Handler = () => void;

/**
 * The handler of each triage command that applies to the item now (a
 * disabled one is left out, so its key does nothing and the footer does not
 * offer it). `polecat` holds the cockpit's own nudge, attach and stop.
 */
export function triageHandlers(
  row: AttentionRow | undefined,
  t: TriageTarget,
  actions: CockpitActions,
  ui: TriageUi,
  snap: StoreSnapshot,
  polecat: Partial<Record<'action.nudge' | 'action.attach' | 'action.stop', Handler | undefined>>,
): Partial<Record<CommandId, Handler>> {
  if (!row) return {};
  const out: Partial<Record<CommandId, Handler>> = {};
  const name = row.polecat;
  const who = `${row.rig}/${name}`;
  const mr = t.mr;
  const mail = t.mail;
  const issueLines = (id: string): string[] => {
    const b = snap.rigs.find((r) => r.name === row.rig)?.issues.get(id);
    if (!b) return [`${id}: not in the snapshot`];
    return [
      `${b.issue_type}, priority ${b.priority}, ${b.status}`,
      `labels: ${b.labels.join(', ') || '-'}`,
      '',
      ...b.description.split('\n'),
    ];
  };
  const all: Partial<Record<CommandId, Handler | undefined>> = {
    ...polecat,
    'triage.restart': name
      ? () =>
          ui.confirm(
            {
              title: `${row.kind === 'dead' ? 'Respawn' : 'Restart'} ${who}`,
              lines: [
                { text: `start a fresh session of its agent in its kept worktree`, status: 'todo' },
                { text: `was ${row.kind}: ${row.reason}`, status: 'ok' },
              ],
              canProceed: true,
              blockers: [],
            },
            row.kind === 'dead' ? 'respawn it' : 'restart it',
            false,
            () => actions.restart(row.rig, name),
          )
      : undefined,
    'triage.remove': name
      ? () =>
          ui.run(`plan removal of ${who}`, async () => {
            const plan = await actions.planRemove(row.rig, name);
            ui.confirm(plan, 'remove it', true, () => actions.remove(row.rig, name));
            return plan.canProceed ? `remove ${who}?` : `${who} cannot be removed safely`;
          })
      : undefined,
    'triage.issue': mr
      ? () => {
          const id = row.kind === 'conflict' ? mr.resolveIssue : mr.sourceIssue;
          if (id)
            ui.detail(
              `${id} ${snap.rigs.find((r) => r.name === row.rig)?.issues.get(id)?.title ?? ''}`,
              issueLines(id),
            );
        }
      : undefined,
    'triage.spawn': mr?.resolveIssue ? () => ui.pickPreset(mr.resolveIssue!, row.rig) : undefined,
    'triage.retry': mr ? () => ui.run(`retry ${mr.id}`, () => actions.retryMr(mr.id)) : undefined,
    'triage.output': mr
      ? () =>
          ui.detail(`${mr.id}: test output (tail)`, [
            mr.reason,
            '',
            ...(mr.testOutput.trim() ? mr.testOutput.split('\n') : ['(the test command printed nothing)']),
          ])
      : undefined,
    'triage.feedback': mr
      ? () =>
          ui.confirm(
            {
              title: `Respawn the worker of ${mr.id} with the test failure as feedback`,
              lines: [
                { text: `reject ${mr.id} (superseded)`, status: 'todo' },
                {
                  text: `restart its polecat (or spawn one on ${mr.sourceIssue}) with the test output in its prompt`,
                  status: 'todo',
                },
              ],
              canProceed: true,
              blockers: [],
            },
            'respawn',
            false,
            () => actions.respawnWithFeedback(mr.id),
          )
      : undefined,
    'triage.reject': mr
      ? () =>
          ui.input(`Reject ${mr.id} (${mr.branch})`, [{ name: 'reason', label: 'Why' }], (v) =>
            v.reason ? actions.rejectMr(mr.id, v.reason) : undefined,
          )
      : undefined,
    'triage.reply': mail
      ? () =>
          ui.input(`Reply to ${mail.sender}: ${mail.title}`, [{ name: 'body', label: 'Reply' }], (v) =>
            v.body ? actions.replyEscalation(mail.id, v.body) : undefined,
          )
      : undefined,
    'triage.reassign': mail?.issue ? () => ui.pickAssignee(mail.id, mail.issue!) : undefined,
  };
  for (const a of triageActions(row, t)) {
    const fn = all[a.id];
    if (!a.disabled && fn) out[a.id] = fn;
  }
  return out;
}
