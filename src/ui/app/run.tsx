import { render } from 'ink';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage, OverseerError } from '../../core/errors.js';
import { packageRoot } from '../../core/package-root.js';
import { paneActivityProbe } from '../../runtime/pane-activity.js';
import type { LocalRunner } from '../../runtime/local-runner.js';
import { townServer } from '../../runtime/town-tmux.js';
import { TownStore } from '../../store/town-store.js';
import type { Town } from '../../town/town.js';
import type { PaletteCommand } from '../components/CommandPalette.js';
import { KeyDispatcher, KeymapProvider, loadKeymap } from '../keys/index.js';
import { DEFAULT_THEME, loadTheme, ThemeProvider } from '../theme/index.js';
import { townActions } from './actions.js';
import { App } from './App.js';
import { afterFirstFrame } from './first-frame.js';
import { idleCompactor } from './idle-gc.js';
import { installInkLineCache } from './ink-line-cache.js';
import { townStateProbe } from './state-probe.js';

export const ENTER_ALT = '\x1b[?1049h\x1b[H';
export const LEAVE_ALT = '\x1b[?1049l';

export type RunCockpitOptions = {
  town: Town;
  /** This machine's runner: the pane-activity probe, the palette and every action go through it. */
  runner: LocalRunner;
  theme?: string;
  cliCommands?: PaletteCommand[];
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  /** Resolves when Ink's layout engine is loaded (yoga-ready.ts); awaited before the first render. */
  layout?: Promise<void>;
};

/**
 * Run the cockpit until the operator quits: alternate screen in, Ink app,
 * alternate screen out — also on SIGINT/SIGTERM and uncaught errors, so the
 * terminal is never left in the alternate screen or raw mode.
 */
export async function runCockpit(opts: RunCockpitOptions): Promise<void> {
  const { town } = opts;
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  // Config first: a bad theme or keymap fails before the screen is taken.
  const themesDir = [join(town.paths.configDir, 'themes'), join(packageRoot(), 'themes')].filter((d) =>
    existsSync(d),
  );
  let theme: ReturnType<typeof loadTheme>;
  let keymap: ReturnType<typeof loadKeymap>;
  try {
    theme = loadTheme(opts.theme ?? DEFAULT_THEME, { themesDir });
    keymap = loadKeymap(town.paths.configFile('keymap.yaml'));
  } catch (e) {
    // A bad theme or keymap file: one line naming the file and field, before the screen is taken.
    throw new OverseerError('bad-config', errorMessage(e));
  }

  await Promise.all([installInkLineCache(), opts.layout]);
  const store = new TownStore(town.root, {
    activityProbe: paneActivityProbe(opts.runner.tmux(townServer(town))),
    activityIntervalMs: 5000,
    stateProbe: townStateProbe(town, opts.runner),
    stateIntervalMs: 5000,
    // First frame from the small files; the issue and mail logs follow in a second snapshot.
    progressive: true,
  }).start();
  let compactor: ReturnType<typeof idleCompactor> | undefined;
  let unsubCompactor = () => {};
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    try {
      if (stdin.isTTY) stdin.setRawMode(false);
    } catch {
      /* already closed */
    }
    stdout.write('\x1b[?25h' + LEAVE_ALT);
  };
  stdout.write(ENTER_ALT);

  let app: ReturnType<typeof render> | undefined;
  const suspend = async <T,>(fn: () => Promise<T>): Promise<T> => {
    // Hand the terminal to an attached agent (outside tmux), then take it back.
    stdin.setRawMode(false);
    stdin.pause();
    stdout.write(LEAVE_ALT);
    try {
      return await fn();
    } finally {
      stdout.write(ENTER_ALT);
      stdin.setRawMode(true);
      stdin.resume();
      app?.clear();
    }
  };
  const actions = townActions(town, opts.runner, { suspend });

  const onSignal = () => {
    app?.unmount();
  };
  const onCrash = (e: unknown) => {
    app?.unmount();
    restore();
    process.stderr.write(
      `overseer: cockpit crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    process.exit(70);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  try {
    app = render(
      <ThemeProvider theme={theme}>
        <KeymapProvider keymap={keymap}>
          <KeyDispatcher>
            <App
              store={store}
              actions={actions}
              cliCommands={opts.cliCommands}
              onQuit={() => app?.unmount()}
            />
          </KeyDispatcher>
        </KeymapProvider>
      </ThemeProvider>,
      { stdout, stdin, exitOnCtrlC: false, patchConsole: true, incrementalRendering: true },
    );
    afterFirstFrame();
    // After the code cache is saved: the compactor changes V8's flags, and V8 refuses a cache made under other flags.
    compactor = idleCompactor();
    unsubCompactor = store.subscribe(compactor.poke);
    await app.waitUntilExit();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    unsubCompactor();
    compactor?.stop();
    await store.stop();
    restore();
  }
}
