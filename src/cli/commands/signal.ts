import { readFileSync } from 'node:fs';
import type { CommandModule } from '../context.js';
import { resolveSelf } from '../../polecats/resolve.js';
import { SIGNAL_STATES, signalPolecat } from '../../polecats/signal.js';

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
    .argument('[payload]', "a hook's JSON payload as an argument (Codex's notify program), ignored")
    .option('--event <name>', 'the hook event, e.g. Stop')
    .option('--message <text>', 'a short reason')
    .option('--stdin', 'read a hook JSON object from stdin and use its "message"')
    .action(
      async (
        state: string,
        _payload: string | undefined,
        o: { event?: string; message?: string; stdin?: boolean },
      ) => {
        const ref = resolveSelf({ town: ctx.opts.town });
        const message = o.message ?? (o.stdin ? stdinMessage() : undefined);
        const p = await signalPolecat(ref, { state, event: o.event, message });
        ctx.print(p, () => `${p.rig}/${p.name}: ${p.state} (${p.state_reason})`);
      },
    );
};
