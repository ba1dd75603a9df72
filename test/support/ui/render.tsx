import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import {
  KeyDispatcher,
  KeymapProvider,
  DEFAULT_KEYMAP,
  ThemeProvider,
  MONOCHROME_THEME,
} from '../../../src/ui/index.js';
import type { Keymap, Theme } from '../../../src/ui/index.js';

/** Raw byte sequences a terminal sends. */
export const KEY = {
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  pageUp: '\u001b[5~',
  pageDown: '\u001b[6~',
  home: '\u001b[H',
  end: '\u001b[F',
  enter: '\r',
  escape: '\u001b',
  tab: '\t',
  shiftTab: '\u001b[Z',
  backspace: '\u007f',
  ctrl: (c: string) => String.fromCharCode(c.toLowerCase().charCodeAt(0) - 96),
} as const;

/** Let ink read stdin, flush a pending Esc (setImmediate) and re-render. */
export async function tick(times = 3): Promise<void> {
  for (let i = 0; i < times; i++) await new Promise((r) => setTimeout(r, 0));
}

export interface Rendered extends ReturnType<typeof render> {
  /** Write keys one event at a time, letting the app settle after each. */
  press: (...keys: string[]) => Promise<void>;
  frame: () => string;
}

export function renderUi(ui: ReactElement, opts: { theme?: Theme; keymap?: Keymap } = {}): Rendered {
  const r = render(
    <ThemeProvider theme={opts.theme ?? MONOCHROME_THEME}>
      <KeymapProvider keymap={opts.keymap ?? DEFAULT_KEYMAP}>
        <KeyDispatcher>{ui}</KeyDispatcher>
      </KeymapProvider>
    </ThemeProvider>,
  );
  const press = async (...keys: string[]) => {
    await tick();
    for (const k of keys) {
      r.stdin.write(k);
      await tick();
    }
  };
  return { ...r, press, frame: () => r.lastFrame() ?? '' };
}
