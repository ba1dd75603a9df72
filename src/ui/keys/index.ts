export {
  COMMANDS,
  COMMAND_IDS,
  PANE_CONTEXTS,
  MODAL_CONTEXTS,
  TEXT_CONTEXTS,
  appliesIn,
  commandDef,
  isCommandId,
  isPaneContext,
} from './commands.js';
export type { CommandDef, CommandId, KeyContext, PaneContext, ModalContext } from './commands.js';
export { NAMED_KEYS, parseKeySpec, keySpec, formatKey, keyId } from './keySpec.js';
export type { KeySpec, NamedKey, ParseResult } from './keySpec.js';
export { toKeyEvent, matchesSpec, matchesAny } from './keyEvent.js';
export type { KeyEvent } from './keyEvent.js';
export {
  buildKeymap,
  DEFAULT_KEYMAP,
  commandMatches,
  findCommand,
  findConflicts,
  findTypedBindings,
} from './keymap.js';
export type { Keymap, KeymapOverrides, KeyConflict, TypedKeyBinding } from './keymap.js';
export { keymapFileSchema, parseKeymapOverrides, keymapFromOverrides, loadKeymap } from './keymapFile.js';
export { helpRows, footerHints, sectionsFor, keysLabel, firstKey } from './help.js';
export type { HelpRow, FooterHint } from './help.js';
export { HandlerStack, PRIORITY } from './handlerStack.js';
export type { KeyHandler } from './handlerStack.js';
export { KeyDispatcher, useKeyHandler, useDispatchKey } from './dispatcher.js';
export type { KeyDispatcherProps } from './dispatcher.js';
export { KeymapProvider, useKeymap } from './keymapContext.js';
export { useCommands } from './useCommands.js';
export type { CommandHandlers, UseCommandsOptions } from './useCommands.js';
