import type { Command } from 'commander';
import { OverseerError } from '../../core/errors.js';
import type { CliContext, CommandModule } from '../context.js';

export const NO_TTY_MESSAGE = 'the cockpit needs a terminal (TTY); use `overseer status` for a text summary';

/** Every CLI operation, for the cockpit's command palette. */
export function cliPaletteCommands(program: Command): { id: string; title: string; description?: string }[] {
  const out: { id: string; title: string; description?: string }[] = [];
  const walk = (cmd: Command, prefix: string[]) => {
    for (const c of cmd.commands) {
      const path = [...prefix, c.name()];
      if (['cockpit', 'demo', 'help'].includes(c.name())) continue;
      if (c.commands.length > 0) walk(c, path);
      else
        out.push({ id: path.join(' '), title: `overseer ${path.join(' ')}`, description: c.description() });
    }
  };
  walk(program, []);
  return out;
}

/**
 * Ink decides once, when it loads, whether it runs in CI (the CI variable set)
 * and then draws only the last frame. The cockpit always has a terminal, so it
 * loads Ink with those variables hidden, and puts them back for child processes.
 */
async function importInteractive<T>(load: () => Promise<T>): Promise<T> {
  const saved = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION };
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  // Ink's layout engine (yoga, WebAssembly) fetch()es its own inlined binary when fetch
  // exists: touching fetch loads Node's whole HTTP client (undici), ~15% of the cockpit's
  // start-up CPU. Without it, yoga decodes the binary directly. fetch is back right after.
  const fetchProp = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  if (fetchProp?.configurable) delete (globalThis as { fetch?: unknown }).fetch;
  try {
    return await load();
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
    if (fetchProp?.configurable) Object.defineProperty(globalThis, 'fetch', fetchProp);
  }
}

/** Open the cockpit on the current town (also what `overseer` with no arguments does). */
export async function openCockpit(ctx: CliContext, opts: { theme?: string } = {}): Promise<void> {
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    // One line on stderr ("overseer: ..."), exit 1, no stack.
    throw new OverseerError('no-tty', NO_TTY_MESSAGE, { exitCode: 1 });
  }
  const town = ctx.town();
  // Ink and React load only here: other commands do not pay for them. The bundle
  // holds React's production build only (scripts/build.mjs).
  const { runCockpit, layout } = await importInteractive(async () => {
    // The CLI bundle loads yoga's WebAssembly on demand (yoga-ready.ts): it starts here, where
    // fetch is hidden, and compiles while the cockpit reads the town.
    const layout = (await import('../../ui/app/yoga-ready.js')).yogaReady();
    layout.catch(() => undefined); // awaited by runCockpit; a config error may come first
    return { ...(await import('../../ui/app/run.js')), layout };
  });
  await runCockpit({
    town,
    layout,
    runner: ctx.runner(),
    theme: opts.theme,
    cliCommands: cliPaletteCommands(ctx.program),
  });
}

export const cockpitCommand: CommandModule = (program, ctx) => {
  program
    .command('cockpit')
    .description('open the cockpit: a live view of the town, with keyboard triage and actions')
    .option('--theme <name>', 'theme from themes/ (dark, light, high-contrast, solarized, or your own)')
    .action(async (o: { theme?: string }) => openCockpit(ctx, o));
  // `overseer` with no command opens the cockpit too.
  program.option('--theme <name>', 'cockpit theme (when no command is given)').allowExcessArguments(true);
  program.action(async (_o: unknown, cmd: Command) => {
    if (cmd.args.length > 0) {
      throw new OverseerError('unknown-command', `unknown command ${JSON.stringify(cmd.args[0])}`, {
        exitCode: 2,
        hint: 'run overseer --help for the commands',
      });
    }
    await openCockpit(ctx, { theme: ctx.program.opts<{ theme?: string }>().theme });
  });
};
