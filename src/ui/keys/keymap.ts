import {
  appliesIn,
  COMMAND_IDS,
  COMMANDS,
  MODAL_CONTEXTS,
  PANE_CONTEXTS,
  TEXT_CONTEXTS,
  type CommandDef,
  type CommandId,
  type KeyContext,
} from './commands.js';
import { matchesAny } from './keyEvent.js';
import { keyId, keySpec, type KeySpec } from './keySpec.js';

/** The effective bindings: the table's defaults with the operator's overrides applied. */
export interface Keymap {
  readonly bindings: Readonly<Record<CommandId, readonly KeySpec[]>>;
}

/** Key spec strings per command; a command given here replaces its default keys ([] unbinds it). */
export type KeymapOverrides = Partial<Record<CommandId, readonly string[]>>;

export function buildKeymap(overrides: KeymapOverrides = {}): Keymap {
  const bindings = {} as Record<CommandId, readonly KeySpec[]>;
  for (const id of COMMAND_IDS) {
    const keys = overrides[id] ?? COMMANDS[id].keys;
    bindings[id] = Object.freeze(keys.map(keySpec));
  }
  return Object.freeze({ bindings: Object.freeze(bindings) });
}

export const DEFAULT_KEYMAP: Keymap = buildKeymap();

/** Does this normalized key event trigger the command? */
export function commandMatches(keymap: Keymap, id: CommandId, ev: KeySpec): boolean {
  return matchesAny(keymap.bindings[id], ev);
}

/** The first of `ids` whose keys match the event, if any. */
export function findCommand(keymap: Keymap, ev: KeySpec, ids: Iterable<CommandId>): CommandId | undefined {
  for (const id of ids) if (commandMatches(keymap, id, ev)) return id;
  return undefined;
}

export interface KeyConflict {
  readonly context: KeyContext;
  readonly key: string;
  readonly commands: readonly CommandId[];
}

export interface TypedKeyBinding {
  readonly context: KeyContext;
  readonly key: string;
  readonly command: CommandId;
}

const ALL_CONTEXTS: readonly KeyContext[] = [...PANE_CONTEXTS, ...MODAL_CONTEXTS];

/** Keys bound to two commands that are active at the same time in some context. */
export function findConflicts(keymap: Keymap): KeyConflict[] {
  const out: KeyConflict[] = [];
  for (const context of ALL_CONTEXTS) {
    const byKey = new Map<string, CommandId[]>();
    for (const id of COMMAND_IDS) {
      if (!appliesIn(COMMANDS[id], context)) continue;
      // The same key listed twice for one command is harmless.
      for (const k of new Set(keymap.bindings[id].map(keyId))) {
        const list = byKey.get(k) ?? [];
        list.push(id);
        byKey.set(k, list);
      }
    }
    for (const [key, commands] of byKey) if (commands.length > 1) out.push({ context, key, commands });
  }
  return out;
}

/** Printable keys bound in a text-input context: they would be typed into the input, never run. */
export function findTypedBindings(keymap: Keymap): TypedKeyBinding[] {
  const out: TypedKeyBinding[] = [];
  for (const context of TEXT_CONTEXTS)
    for (const id of COMMAND_IDS) {
      if (!(COMMANDS[id] as CommandDef).contexts.includes(context)) continue;
      for (const s of keymap.bindings[id])
        if (!s.ctrl && !s.meta && (s.name.length === 1 || s.name === 'space'))
          out.push({ context, key: keyId(s), command: id });
    }
  return out;
}
