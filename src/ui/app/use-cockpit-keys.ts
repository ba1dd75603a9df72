import { PRIORITY, useCommands, type CommandId } from '../keys/index.js';
import { cyclePane } from '../layout.js';
import { compose } from '../panes/mail.js';
import { resumeOf, stopAll } from '../panes/town-actions.js';
import { PANE_ORDER, type BoundAction, type CockpitUi, type PaneId } from '../panes/index.js';

export type Handlers = Partial<Record<CommandId, (() => void) | undefined>>;

/**
 * The cockpit's keys: moving in the focused pane, its filter and its actions
 * (pane priority), then switching panes, help, palette, mail and quit
 * (global). Returns every handler by command, for the palette.
 */
export function useCockpitKeys(o: {
  active: boolean;
  ui: CockpitUi;
  count: number;
  move: (f: (i: number) => number) => void;
  actions: readonly BoundAction[];
  filter?: { start: () => void; clear?: () => void };
  focus: (f: (p: PaneId) => PaneId) => void;
  onQuit: () => void;
}): Handlers {
  const pane: Handlers = {
    'nav.down': () => o.move((i) => i + 1),
    'nav.up': () => o.move((i) => i - 1),
    'nav.top': () => o.move(() => 0),
    'nav.bottom': () => o.move(() => o.count - 1),
    'nav.pageDown': () => o.move((i) => i + 10),
    'nav.pageUp': () => o.move((i) => i - 10),
    'filter.start': o.filter?.start,
    'filter.clear': o.filter?.clear,
  };
  for (const a of o.actions) pane[a.command] = a.run && (() => a.run!(o.ui));
  const jump = (n: number) => () => o.focus((f) => PANE_ORDER[n - 1] ?? f);
  const global: Handlers = {
    'pane.next': () => o.focus((f) => cyclePane(PANE_ORDER, f, 1)),
    'pane.prev': () => o.focus((f) => cyclePane(PANE_ORDER, f, -1)),
    ...Object.fromEntries(PANE_ORDER.slice(0, 9).map((_, i) => [`pane.jump.${i + 1}`, jump(i + 1)])),
    'help.toggle': () => o.ui.open({ kind: 'help' }),
    'palette.open': () => o.ui.open({ kind: 'palette' }),
    'mail.compose': () => compose.run(o.ui, undefined, undefined),
    'town.stopAll': () => stopAll(o.ui),
    'town.resume': resumeOf(o.ui),
    'app.quit': o.onQuit,
  };
  useCommands(pane, { priority: PRIORITY.pane, active: o.active });
  useCommands(global, { priority: PRIORITY.global, active: o.active });
  return { ...global, ...pane };
}
