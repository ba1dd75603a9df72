import {
  COMMAND_IDS,
  COMMANDS,
  keysLabel,
  type CommandId,
  type Keymap,
  type KeyContext,
  appliesIn,
} from '../keys/index.js';
import { ListPicker } from './ListPicker.js';

export interface PaletteCommand {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  /** Display keys, e.g. "x"; shown next to the title. */
  readonly keys?: string;
}

export interface CommandPaletteProps {
  readonly commands: readonly PaletteCommand[];
  readonly onRun: (id: string) => void;
  readonly onClose: () => void;
  readonly width: number;
  readonly height: number;
  readonly title?: string;
}

/**
 * The `:` palette: fuzzy-filter commands by title, keys and description;
 * Enter runs the selected one, Esc closes.
 */
export function CommandPalette({
  commands,
  onRun,
  onClose,
  width,
  height,
  title = 'Commands',
}: CommandPaletteProps) {
  return (
    <ListPicker
      title={title}
      items={commands}
      label={(c) => c.title}
      detail={(c) => [c.keys ? `[${c.keys}]` : '', c.description ?? ''].filter(Boolean).join(' ')}
      onPick={(c) => onRun(c.id)}
      onCancel={onClose}
      width={width}
      height={height}
      placeholder="type a command"
    />
  );
}

/**
 * Palette entries for the keymap commands that apply in a context (plus any
 * `extra` entries, e.g. commands without keys), titled by their description.
 */
export function keymapPaletteCommands(
  keymap: Keymap,
  context: KeyContext,
  options: { exclude?: readonly CommandId[]; extra?: readonly PaletteCommand[] } = {},
): PaletteCommand[] {
  const exclude = new Set(options.exclude ?? []);
  const out: PaletteCommand[] = [];
  for (const id of COMMAND_IDS) {
    if (exclude.has(id) || !appliesIn(COMMANDS[id], context)) continue;
    out.push({
      id,
      title: COMMANDS[id].description,
      keys: keysLabel(keymap, id) || undefined,
      description: id,
    });
  }
  return [...out, ...(options.extra ?? [])];
}
