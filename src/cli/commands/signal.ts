import { readFileSync } from 'node:fs';
import type { CommandModule } from '../context.js';
import { resolveSelf } from '../../polecats/resolve.js';
import { SIGNAL_STATES, signalPolecat } from '../../polecats/signal.js';
import { codexNotifyState } from '../../agents/integrations/codex.js';

/** The `message` of a hook's JSON on stdin (Claude Code sends one); undefined if none. */
function stdinMessage(): string | undefined {
  if (process.stdin.isTTY) return undefined;
  try {
    const data = JSON.parse(readFileSync(0, 'utf8')) as { message?: unknown };
    return typeof data.message === 'string' ? data.message : undefined;
  } catch {
    return undefined;
  }
}

export const signalCommand: CommandModule = (program, ctx) => {
  program
    .command('signal')
    .description(`(run by agent hooks) report this polecat's state: ${SIGNAL_STATES.join(', ')}`)
    .argument('<state>')
    .argument('[payload]', 'a Codex notify payload (JSON): its type decides the state reported')
    .option('--event <name>', 'the hook event, e.g. Stop')
    .option('--message <text>', 'a short reason')
    .option('--stdin', 'read a hook JSON object from stdin and use its "message"')
    .action(
      async (
        state: string,
        payload: string | undefined,
        o: { event?: string; message?: string; stdin?: boolean },
      ) => {
        const ref = resolveSelf({ town: ctx.opts.town });
        let message = o.message ?? (o.stdin ? stdinMessage() : undefined);
        let event = o.event;
        if (payload !== undefined) {
          const n = codexNotifyState(payload);
          if (!n) return ctx.print({ ignored: true }, () => 'notify payload ignored');
          [state, event, message] = [n.state, n.event, n.message ?? message];
        }
        const p = await signalPolecat(ref, { state, event, message });
        ctx.print(p, () => `${p.rig}/${p.name}: ${p.state} (${p.state_reason})`);
      },
    );
};
