import { errorMessage } from '../../core/errors.js';
import { selectMail, type MailRow } from '../selectors/index.js';
import { openDetail } from './actions.js';
import { col } from './column.js';
import { definePane, type PaneAction } from './controller.js';

const detail = (r: MailRow) => ({
  title: r.subject,
  lines: [
    `from ${r.from} to ${r.to}, ${r.created_at}${r.replyTo ? `, in reply to ${r.replyTo}` : ''}`,
    '',
    ...r.body.split('\n'),
  ],
});

const reply: PaneAction<MailRow> = {
  command: 'mail.reply',
  disabled: (m) => (m ? undefined : 'no mail selected'),
  run: (ui, m) =>
    ui.open({
      kind: 'input',
      title: `Reply to ${m!.from}: ${m!.subject}`,
      fields: [{ name: 'body', label: 'Reply' }],
      submit: (v) =>
        ui.actions.sendMail({
          to: m!.from,
          subject: m!.subject.startsWith('Re: ') ? m!.subject : `Re: ${m!.subject}`,
          body: v.body ?? '',
          replyTo: m!.id,
        }),
    }),
};

/** m: a new mail (bound everywhere; listed here so the mail pane's footer offers it). */
export const compose: PaneAction<unknown> = {
  command: 'mail.compose',
  run: (ui) =>
    ui.open({
      kind: 'input',
      title: 'New mail',
      fields: [
        { name: 'to', label: 'To', initial: 'mayor' },
        { name: 'subject', label: 'Subject' },
        { name: 'body', label: 'Body' },
      ],
      submit: (v) => ui.actions.sendMail({ to: v.to ?? '', subject: v.subject ?? '', body: v.body ?? '' }),
    }),
};

const markRead = (ui: Parameters<PaneAction<MailRow>['run']>[0], m: MailRow) => {
  if (m.unread) ui.actions.markRead(m.id).catch((e: unknown) => ui.say(`✗ mark read: ${errorMessage(e)}`));
};

/** The overseer's and the mayor's mail; opening one marks it read. */
export const mailPane = definePane<MailRow>({
  id: 'mail',
  title: 'Mail',
  context: 'mail',
  rows: selectMail,
  key: (r) => r.key,
  columns: (now) => [
    col.text(
      'new',
      ' ',
      1,
      (r) => (r.unread ? '●' : ' '),
      (r) => (r.unread ? 'mail.unread' : 'mail.read'),
    ),
    col.text('to', 'TO', 8, (r) => r.to),
    col.text('from', 'FROM', 12, (r) => r.from),
    col.age(now, 'AGE', (r) => Date.parse(r.created_at)),
    col.flex(
      'subject',
      'SUBJECT',
      (r) => r.subject,
      (r) => (r.unread ? 'mail.unread' : 'mail.read'),
    ),
  ],
  filterText: (r) => `${r.to} ${r.from} ${r.subject} ${r.body}`,
  detail,
  empty: () => 'no mail for the overseer or the mayor',
  actions: [openDetail(detail, markRead), reply, compose],
});
