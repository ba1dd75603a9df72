/**
 * THE keymap table: every command the cockpit knows, its default keys, a
 * short footer hint, a help description and the contexts where it applies.
 * Help, footer hints, overrides validation and conflict checks all derive
 * from this one table.
 */

import { PANE_IDS, type PaneId } from '../pane-ids.js';
import { TRIAGE, TRIAGE_COMMANDS } from './triage-commands.js';

/**
 * Panes with keys of their own (the ids are declared once, in pane-ids.ts;
 * the events pane has no actions of its own: it is a plain 'pane').
 * 'pane' in a command's contexts means "any of these".
 */
export const PANE_CONTEXTS = PANE_IDS.filter((id): id is Exclude<PaneId, 'events'> => id !== 'events');
/** Modal contexts: while one is open it receives keys first and only its own commands apply. */
export const MODAL_CONTEXTS = ['dialog', 'palette', 'picker', 'filter', 'help', 'detail', 'triage'] as const;
/** Modal contexts whose focus is a text input: printable keys are typed, not bound. */
export const TEXT_CONTEXTS: ReadonlySet<KeyContext> = new Set<KeyContext>(['palette', 'picker', 'filter']);

export type PaneContext = (typeof PANE_CONTEXTS)[number];
export type ModalContext = (typeof MODAL_CONTEXTS)[number];
export type KeyContext = 'global' | 'pane' | PaneContext | ModalContext;

export interface CommandDef {
  readonly keys: readonly string[];
  /** One or two words for the footer. */
  readonly hint: string;
  /** A sentence for the help overlay and the command palette. */
  readonly description: string;
  readonly contexts: readonly KeyContext[];
  /** Commands sharing a help group are shown as one help row (pane.jump.1..9). */
  readonly helpGroup?: { readonly id: string; readonly description: string };
}

const LIST_VIEWS: readonly KeyContext[] = ['pane', 'help', 'detail', 'triage'];
const jumpGroup = { id: 'pane.jump', description: 'Jump to pane 1–9' };
const jump = (n: number): CommandDef => ({
  keys: [String(n)],
  hint: `pane ${n}`,
  description: `Jump to pane ${n}`,
  contexts: ['global'],
  helpGroup: jumpGroup,
});

export const COMMANDS = {
  'nav.down': {
    keys: ['j', 'down'],
    hint: 'down',
    description: 'Move the selection down',
    contexts: LIST_VIEWS,
  },
  'nav.up': { keys: ['k', 'up'], hint: 'up', description: 'Move the selection up', contexts: LIST_VIEWS },
  'nav.top': { keys: ['g', 'home'], hint: 'top', description: 'Go to the first row', contexts: LIST_VIEWS },
  'nav.bottom': {
    keys: ['G', 'end'],
    hint: 'bottom',
    description: 'Go to the last row',
    contexts: LIST_VIEWS,
  },
  'nav.pageDown': {
    keys: ['pagedown', 'ctrl+d'],
    hint: 'page down',
    description: 'Move one page down',
    contexts: LIST_VIEWS,
  },
  'nav.pageUp': {
    keys: ['pageup', 'ctrl+u'],
    hint: 'page up',
    description: 'Move one page up',
    contexts: LIST_VIEWS,
  },
  'pane.next': { keys: ['tab'], hint: 'next pane', description: 'Focus the next pane', contexts: ['global'] },
  'pane.prev': {
    keys: ['shift+tab'],
    hint: 'prev pane',
    description: 'Focus the previous pane',
    contexts: ['global'],
  },
  'pane.jump.1': jump(1),
  'pane.jump.2': jump(2),
  'pane.jump.3': jump(3),
  'pane.jump.4': jump(4),
  'pane.jump.5': jump(5),
  'pane.jump.6': jump(6),
  'pane.jump.7': jump(7),
  'pane.jump.8': jump(8),
  'pane.jump.9': jump(9),
  'detail.open': {
    keys: ['enter'],
    hint: 'detail',
    description: 'Open the selected row in detail',
    contexts: ['pane'],
  },
  'detail.close': {
    keys: ['escape', 'q'],
    hint: 'back',
    description: 'Close the detail view',
    contexts: ['detail', 'triage'],
  },
  'filter.start': {
    keys: ['/'],
    hint: 'filter',
    description: 'Filter the rows of this pane',
    contexts: ['pane'],
  },
  'filter.clear': {
    keys: ['escape'],
    hint: 'clear filter',
    description: 'Clear the filter of this pane',
    contexts: ['pane'],
  },
  'filter.apply': {
    keys: ['enter'],
    hint: 'apply',
    description: 'Keep the filter and return to the rows',
    contexts: ['filter'],
  },
  'filter.cancel': {
    keys: ['escape'],
    hint: 'cancel',
    description: 'Drop the filter and return to the rows',
    contexts: ['filter'],
  },
  'palette.open': {
    keys: [':'],
    hint: 'commands',
    description: 'Open the command palette',
    contexts: ['global'],
  },
  'help.toggle': {
    keys: ['?'],
    hint: 'help',
    description: 'Show or hide this help',
    contexts: ['global', 'help'],
  },
  'help.close': { keys: ['escape', 'q'], hint: 'close', description: 'Close the help', contexts: ['help'] },
  'app.quit': {
    keys: ['q', 'ctrl+c'],
    hint: 'quit',
    description: 'Quit the cockpit (agents keep running)',
    contexts: ['global'],
  },
  'action.spawn': {
    keys: ['s'],
    hint: 'spawn',
    description: 'Spawn a polecat on a ready issue',
    contexts: ['ready', 'polecats'],
  },
  'action.nudge': {
    keys: ['n'],
    hint: 'nudge',
    description: 'Nudge the selected agent (waiting, stuck)',
    contexts: ['polecats', ...TRIAGE],
  },
  'action.attach': {
    keys: ['a'],
    hint: 'attach',
    description:
      "Attach to the selected agent's session, a shell in the crew workspace or on the outpost, or an offload job's session",
    contexts: ['polecats', ...TRIAGE, 'preview', 'crew', 'outposts', 'offload'],
  },
  'action.land': {
    keys: ['l'],
    hint: 'land',
    description: 'Land the selected work onto main',
    contexts: ['polecats', 'merge'],
  },
  'action.stop': {
    keys: ['x'],
    hint: 'stop',
    description: 'Stop the selected polecat (waiting, stuck)',
    contexts: ['polecats', ...TRIAGE],
  },
  ...TRIAGE_COMMANDS,
  'action.approve': {
    keys: ['y'],
    hint: 'approve',
    description: "Approve the selected agent's question (its preset's approve keys)",
    contexts: ['attention', 'polecats', 'triage'],
  },
  'action.deny': {
    keys: ['d'],
    hint: 'deny',
    description: "Deny the selected agent's question (its preset's deny keys)",
    contexts: ['attention', 'polecats', 'triage'],
  },
  'action.pick': {
    keys: ['o'],
    hint: 'option N',
    description: "Answer the selected agent's question with option N (asks for N: digits alone switch panes)",
    contexts: ['attention', 'polecats', 'triage'],
  },
  'action.sequence': {
    keys: ['b'],
    hint: 'wait for other',
    description: 'Overlap: make the later polecat wait for the other one to land (a blocks dependency)',
    contexts: TRIAGE,
  },
  'outpost.ping': {
    keys: ['p'],
    hint: 'ping',
    description: 'Ping the selected outpost now (one round trip; its row shows the answer)',
    contexts: ['outposts'],
  },
  'outpost.check': {
    keys: ['c'],
    hint: 'check',
    description: 'Check the selected outpost: host key, git, tmux, node, agent CLIs, free disk',
    contexts: ['outposts'],
  },
  'mail.compose': { keys: ['m'], hint: 'mail', description: 'Compose a mail', contexts: ['global'] },
  'mail.reply': {
    keys: ['r'],
    hint: 'reply',
    description: 'Reply to the selected mail',
    contexts: ['mail'],
  },
  'dialog.confirm': { keys: ['y', 'enter'], hint: 'confirm', description: 'Confirm', contexts: ['dialog'] },
  'dialog.cancel': { keys: ['escape', 'n'], hint: 'cancel', description: 'Cancel', contexts: ['dialog'] },
  'list.down': {
    keys: ['down', 'ctrl+n'],
    hint: 'down',
    description: 'Move the selection down',
    contexts: ['palette', 'picker'],
  },
  'list.up': {
    keys: ['up', 'ctrl+p'],
    hint: 'up',
    description: 'Move the selection up',
    contexts: ['palette', 'picker'],
  },
  'list.pick': {
    keys: ['enter'],
    hint: 'choose',
    description: 'Choose the selected entry',
    contexts: ['palette', 'picker'],
  },
  'list.close': {
    keys: ['escape'],
    hint: 'close',
    description: 'Close without choosing',
    contexts: ['palette', 'picker'],
  },
} as const satisfies Record<string, CommandDef>;

export type CommandId = keyof typeof COMMANDS;

export const COMMAND_IDS = Object.keys(COMMANDS) as CommandId[];

const IDS: ReadonlySet<string> = new Set(COMMAND_IDS);
export function isCommandId(s: string): s is CommandId {
  return IDS.has(s);
}

export function commandDef(id: CommandId): CommandDef {
  return COMMANDS[id];
}

export function isPaneContext(c: KeyContext): c is PaneContext {
  return (PANE_CONTEXTS as readonly string[]).includes(c);
}

/**
 * Whether a command applies in a context. Pane contexts inherit 'pane' and
 * 'global' commands; modal contexts see only their own.
 */
export function appliesIn(def: CommandDef, context: KeyContext): boolean {
  if (def.contexts.includes(context)) return true;
  if (context === 'global') return false;
  if (isPaneContext(context) || context === 'pane')
    return def.contexts.includes('global') || (context !== 'pane' && def.contexts.includes('pane'));
  return false;
}
