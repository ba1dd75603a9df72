import type { CommandModule } from '../context.js';
import { OverseerError } from '../../core/errors.js';
import { loadNotifyConfig } from '../../daemon/notify/config.js';
import { notifyEvent } from '../../daemon/notify/format.js';
import { sendOn } from '../../daemon/notify/send.js';
import { townServer } from '../../runtime/town-tmux.js';

export const notifyCommand: CommandModule = (program, ctx) => {
  const notify = program.command('notify').description('notifications (config/notify.yaml)');
  notify
    .command('test')
    .description('send a test notification on every channel (or one) and say how each went')
    .option('--channel <name>', 'only this channel')
    .action(async (o: { channel?: string }) => {
      const town = ctx.town();
      const config = loadNotifyConfig(town.paths);
      const channels = config.channels.filter((c) => !o.channel || c.name === o.channel);
      if (channels.length === 0)
        throw new OverseerError(
          'unknown-channel',
          o.channel
            ? `no channel named ${JSON.stringify(o.channel)} in ${town.paths.configFile('notify.yaml')}; channels: ${config.channels.map((c) => c.name).join(', ') || '(none)'}`
            : `${town.paths.configFile('notify.yaml')} has no channels`,
          { exitCode: 2 },
        );
      const now = Date.now();
      const event = notifyEvent(
        {
          key: 'test',
          kind: 'escalated',
          subject: 'notify test',
          title: `Test notification from town ${town.file.name}`,
          reason: 'overseer notify test: if you can read this, the channel works.',
          since: new Date(now).toISOString(),
        },
        town.file.name,
        now,
        true,
      );
      const tty = process.stderr.isTTY === true;
      const results = await Promise.all(
        channels.map(async (ch) => {
          if (ch.type === 'bell' && !tty)
            return {
              channel: ch.name,
              type: ch.type,
              ok: true,
              skipped: true,
              detail: 'no terminal here; the cockpit rings it',
            };
          const runner = ctx.runner();
          const r = await sendOn(ch, event, {
            runner,
            tmux: (name) => runner.tmux(name === 'town' ? townServer(town) : { socket: name }),
            cwd: town.root,
            bell: () => (process.stderr.write('\x07'), 'rang this terminal'),
          });
          return { ...r, skipped: false };
        }),
      );
      for (const r of results)
        await town.events.emit({
          kind: 'notify.test',
          actor: 'overseer',
          message: `${r.channel}: test ${r.skipped ? 'skipped' : r.ok ? 'sent' : 'FAILED'} (${r.detail})`,
          data: { channel: r.channel, type: r.type, ok: r.ok, detail: r.detail },
        });
      ctx.print(results, () =>
        results
          .map((r) => `${r.skipped ? '-' : r.ok ? '✓' : '✗'} ${r.channel} (${r.type}): ${r.detail}`)
          .join('\n'),
      );
      const failed = results.filter((r) => !r.ok);
      if (failed.length > 0)
        throw new OverseerError(
          'notify-failed',
          `${failed.length} of ${results.length} channel(s) failed: ${failed.map((r) => r.channel).join(', ')}`,
        );
    });
};
