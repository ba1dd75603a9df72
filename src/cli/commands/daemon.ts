import { readFileSync } from 'node:fs';
import type { CommandModule } from '../context.js';
import { sanitizeLine } from '../../core/sanitize.js';
import { formatAge } from '../../core/time.js';
import { attentionItems, POLECAT_ATTENTION_KINDS } from '../../daemon/attention.js';
import {
  daemonStatus,
  describeStatus,
  reportStartFailure,
  startDaemon,
  stopDaemon,
} from '../../daemon/control.js';
import { requestCycle } from '../../daemon/cycle.js';
import { acquireDaemonInstance } from '../../daemon/instance.js';
import { Daemon, runDaemon } from '../../daemon/loop.js';
import { startManager } from '../../daemon/managers.js';
import { resolveSelf } from '../../polecats/resolve.js';
import { townServer } from '../../runtime/town-tmux.js';
import { readTownSnapshot } from '../../town/snapshot.js';
import { currentStates, staleSince, statesNote } from '../states.js';

export const daemonCommand: CommandModule = (program, ctx) => {
  const daemon = program
    .command('daemon')
    .description('run the witness, refinery, dispatcher, supervisor and workspace GC for this town')
    .option('--detach', 'run in the background (output to .runtime/daemon.log) and print its pid')
    .option('--once', 'run a single tick in the foreground and exit (refused while a daemon runs)')
    .action(async (o: { detach?: boolean; once?: boolean }) => {
      // Started by `daemon --detach`: a failure is also reported to the starter (a full disk eats
      // the log); the starter's channel never keeps this process alive.
      process.channel?.unref();
      await runDaemonCommand(o).catch((e: unknown) => {
        reportStartFailure(e);
        throw e;
      });
    });
  async function runDaemonCommand(o: { detach?: boolean; once?: boolean }): Promise<void> {
    const town = ctx.town();
    if (o.detach) {
      const pid = await startDaemon(ctx.runner(), town.paths);
      ctx.print({ pid }, () => `daemon started, pid ${pid}`);
      return;
    }
    if (o.once) {
      // One tick, but never beside a running daemon: take the town's slot for it.
      const slot = await acquireDaemonInstance(ctx.runner().here, town.paths);
      let r;
      const d = new Daemon(town, ctx.runner());
      try {
        r = await d.tick();
        await d.notifier.flush();
      } finally {
        slot.release();
      }
      ctx.print(r, () =>
        r.outcomes.length === 0
          ? `nothing to do (${r.ms} ms)`
          : r.outcomes
              .map(
                (x) =>
                  `${x.step} ${x.action.kind}: ${sanitizeLine(x.action.reason, 200)}${x.detail ? ` — ${sanitizeLine(x.detail, 300)}` : ''}`,
              )
              .join('\n'),
      );
      return;
    }
    await runDaemon(town, { runner: ctx.runner(), fatalHandler: true });
  }
  daemon
    .command('status')
    .description('is the daemon running; its last heartbeat and tick')
    .action(() => {
      const s = daemonStatus(ctx.runner(), ctx.town().paths);
      ctx.print(s, () => describeStatus(s));
    });
  daemon
    .command('stop')
    .description('stop the daemon (it finishes its current tick)')
    .action(async () => {
      const r = await stopDaemon(ctx.runner(), ctx.town().paths);
      ctx.print(r, () => (r.stopped ? `daemon pid ${r.pid} stopped` : 'daemon: not running'));
    });

  const mayor = program.command('mayor').description("the mayor's coordination: manager sessions for epics");
  mayor
    .command('manage')
    .description('start a manager session for EPIC; the daemon supervisor pokes or respawns it')
    .argument('<epic>', 'epic id')
    .option('--agent <preset>', 'agent preset for the manager (default: the rig default_agent)')
    .option('--model <model>', 'model for the preset')
    .action(async (epic: string, o: { agent?: string; model?: string }) => {
      const town = ctx.town();
      const runner = ctx.runner();
      const m = await startManager(town, runner, runner.tmux(townServer(town)), epic, o);
      await town.events.emit({
        kind: 'mayor.manage',
        actor: 'overseer',
        subject: epic,
        message: `manager session ${m.session} started for ${epic}`,
      });
      ctx.print(m, () => `manager session ${m.session} started for ${epic} (session ${m.sessions_started})`);
    });

  program
    .command('cycle')
    .description('(run by a polecat) hand off to a fresh session: mail a note to yourself, then exit')
    .option('--note <text>', 'the handoff note')
    .option('--note-file <file>', 'read the handoff note from a file')
    .action(async (o: { note?: string; noteFile?: string }) => {
      const ref = resolveSelf({ town: ctx.opts.town });
      const note = o.noteFile ? readFileSync(o.noteFile, 'utf8') : (o.note ?? '');
      const mail = await requestCycle(ref, note);
      ctx.print(
        { mail: mail.id },
        () => `handoff ${mail.id} sent; the daemon will start a fresh session. You can exit now.`,
      );
    });

  program
    .command('attention')
    .description('who needs the overseer, longest waiting first')
    .action(async () => {
      const view = await currentStates(ctx.town(), ctx.runner());
      const now = Date.now();
      const items = attentionItems(readTownSnapshot(ctx.town().root), now);
      ctx.print(
        items.map((i) => (POLECAT_ATTENTION_KINDS.has(i.kind) ? { ...i, ...staleSince(view) } : i)),
        () =>
          [
            ...statesNote(view, now),
            items.length === 0
              ? 'nothing needs attention'
              : items
                  .map(
                    (i) =>
                      `${formatAge(now - Date.parse(i.since)).padStart(4)}  ${i.kind.padEnd(9)} ${i.rig ? `${i.rig}/` : ''}${i.subject}${i.issue ? ` (${i.issue})` : ''}: ${sanitizeLine(i.reason, 160)}`,
                  )
                  .join('\n'),
          ].join('\n'),
      );
    });
};
