import type { CommandId } from './commands.js';
import { useKeyHandler } from './dispatcher.js';
import type { KeyEvent } from './keyEvent.js';
import { commandMatches } from './keymap.js';
import { useKeymap } from './keymapContext.js';

export type CommandHandlers = Partial<Record<CommandId, ((ev: KeyEvent) => void) | undefined>>;

export interface UseCommandsOptions {
  priority: number;
  active?: boolean;
  /** Consume every key, matched or not (modal dialogs and overlays). */
  swallow?: boolean;
}

/**
 * Map keymap commands to callbacks: the key is looked up in the effective
 * keymap, so overrides apply everywhere without the component knowing keys.
 * Entries whose callback is undefined are skipped (a disabled action).
 */
export function useCommands(
  handlers: CommandHandlers,
  { priority, active = true, swallow = false }: UseCommandsOptions,
) {
  const keymap = useKeymap();
  useKeyHandler(
    priority,
    (ev) => {
      for (const [id, fn] of Object.entries(handlers) as [
        CommandId,
        ((ev: KeyEvent) => void) | undefined,
      ][]) {
        if (fn && commandMatches(keymap, id, ev)) {
          fn(ev);
          return true;
        }
      }
      return swallow;
    },
    active,
  );
}
