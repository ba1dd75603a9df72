import { keymapPaletteCommands, type PaletteCommand } from '../components/CommandPalette.js';
import { isCommandId, type KeyContext, type Keymap } from '../keys/index.js';
import type { CockpitUi } from '../panes/controller.js';
import { splitArgs } from './split-args.js';
import type { Handlers } from './use-cockpit-keys.js';

/** The `:` palette: the keymap's commands for this context, then every CLI operation. */
export function paletteCommands(
  keymap: Keymap,
  context: KeyContext,
  cli: readonly PaletteCommand[],
): PaletteCommand[] {
  return [
    ...keymapPaletteCommands(keymap, context, { exclude: ['palette.open'] }),
    ...cli.map((c) => ({ ...c, id: `cli:${c.id}` })),
  ];
}

/** Run a palette entry: a keymap command through its handler, a CLI operation through the runner. */
export function runPaletteEntry(id: string, ui: CockpitUi, handlers: Handlers): void {
  if (!id.startsWith('cli:')) {
    if (isCommandId(id)) handlers[id]?.();
    return;
  }
  const cmd = id.slice(4);
  ui.open({
    kind: 'input',
    title: `overseer ${cmd} …`,
    fields: [{ name: 'args', label: `overseer ${cmd}` }],
    submit: async (v) => {
      const args = [...cmd.split(' '), ...splitArgs(v.args ?? '')];
      const r = await ui.actions.runCli(args);
      ui.open({
        kind: 'detail',
        title: `overseer ${args.join(' ')} (exit ${r.code})`,
        lines: r.output.split('\n'),
      });
      return `overseer ${cmd}: exit ${r.code}`;
    },
  });
}
