import type { CommandModule } from '../context.js';
import { table } from '../format.js';
import { sanitize } from '../../core/sanitize.js';
import { inbox, readMail, sendMail } from '../../town/mail.js';

export const mailCommand: CommandModule = (program, ctx) => {
  const mail = program
    .command('mail')
    .description('mail between the overseer, the mayor, witnesses, refineries and polecats');
  mail
    .command('send')
    .description('send a message')
    .argument('<to>', 'overseer, mayor, RIG/witness, RIG/refinery, RIG/polecats/NAME or RIG/plugins/NAME')
    .requiredOption('--subject <subject>')
    .option('--body <body>', 'message text', '')
    .option('--from <address>', 'sender address', 'overseer')
    .option('--reply-to <id>', 'the message this answers')
    .action(async (to: string, o: { subject: string; body: string; from: string; replyTo?: string }) => {
      const m = await sendMail(ctx.town(), {
        to,
        subject: o.subject,
        body: o.body,
        from: o.from,
        replyTo: o.replyTo,
      });
      ctx.print(m, () => `sent ${m.id} to ${to}`);
    });
  mail
    .command('inbox')
    .description('list messages to ADDRESS (default: overseer), newest first')
    .argument('[address]', 'mailbox', 'overseer')
    .option('--unread', 'only unread messages')
    .action((address: string, o: { unread?: boolean }) => {
      const list = inbox(ctx.town(), address, { unreadOnly: o.unread });
      ctx.print(
        list,
        () =>
          table(
            ['ID', '', 'FROM', 'DATE', 'SUBJECT'],
            list.map((m) => [
              m.id,
              m.status === 'closed' ? '' : '●',
              m.sender ?? '',
              m.created_at.slice(0, 16).replace('T', ' '),
              m.title,
            ]),
          ) || `no mail for ${address}`,
      );
    });
  mail
    .command('read')
    .description('show a message and mark it read')
    .argument('<id>')
    .action(async (id: string) => {
      const m = await readMail(ctx.town(), id);
      ctx.print(m, () =>
        [
          `${m.id}  from ${sanitize(m.sender ?? '?')}  to ${sanitize(m.assignee ?? '?')}  ${m.created_at}`,
          `subject: ${sanitize(m.title)}`,
          '',
          sanitize(m.description),
        ].join('\n'),
      );
    });
};
