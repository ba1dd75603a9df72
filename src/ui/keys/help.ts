import {
  appliesIn,
  COMMAND_IDS,
  COMMANDS,
  isPaneContext,
  type CommandDef,
  type CommandId,
  type KeyContext,
} from './commands.js';
import type { Keymap } from './keymap.js';
import { formatKey } from './keySpec.js';

export interface HelpRow {
  /** The command, or the help group id for grouped commands (pane.jump). */
  readonly id: string;
  readonly commands: readonly CommandId[];
  /** Display keys, e.g. "j/↓", "1…9". */
  readonly keys: string;
  readonly description: string;
  /** Where the row comes from: the context itself, 'pane' (all lists) or 'global'. */
  readonly section: KeyContext;
}

/** The sections a context shows, most specific first. */
export function sectionsFor(context: KeyContext): KeyContext[] {
  if (isPaneContext(context)) return [context, 'pane', 'global'];
  if (context === 'pane') return ['pane', 'global'];
  return [context];
}

/** All keys of a command in display form, "y/Enter"; '' when unbound. */
export function keysLabel(keymap: Keymap, id: CommandId): string {
  return keymap.bindings[id].map(formatKey).join('/');
}

interface Draft {
  id: string;
  commands: CommandId[];
  labels: string[];
  description: string;
  section: KeyContext;
}

function joinLabels(labels: readonly string[]): string {
  const singles = labels.every((l) => !l.includes('/'));
  if (singles && labels.length > 2) return `${labels[0]}…${labels[labels.length - 1]}`;
  return labels.join(' ');
}

/**
 * Rows for the help overlay in a context, generated from the keymap (so an
 * override changes the help). Unbound commands are left out. Rows are ordered
 * by section (most specific first), then by table order.
 */
export function helpRows(keymap: Keymap, context: KeyContext): HelpRow[] {
  const sections = sectionsFor(context);
  const drafts: Draft[] = [];
  const groups = new Map<string, Draft>();
  for (const id of COMMAND_IDS) {
    const def: CommandDef = COMMANDS[id];
    if (!appliesIn(def, context) || keymap.bindings[id].length === 0) continue;
    const section = sections.find((s) => def.contexts.includes(s));
    if (!section) continue;
    const label = keysLabel(keymap, id);
    const groupId = def.helpGroup?.id;
    const existing = groupId === undefined ? undefined : groups.get(groupId);
    if (existing) {
      existing.commands.push(id);
      existing.labels.push(label);
      continue;
    }
    const draft: Draft = {
      id: groupId ?? id,
      commands: [id],
      labels: [label],
      description: def.helpGroup?.description ?? def.description,
      section,
    };
    if (groupId !== undefined) groups.set(groupId, draft);
    drafts.push(draft);
  }
  return drafts
    .map((d) => ({
      id: d.id,
      commands: d.commands,
      keys: joinLabels(d.labels),
      description: d.description,
      section: d.section,
    }))
    .sort((a, b) => sections.indexOf(a.section) - sections.indexOf(b.section));
}

export interface FooterHint {
  readonly command: CommandId;
  /** First bound key, display form. */
  readonly key: string;
  readonly hint: string;
}

/**
 * Short hints for the footer: the commands in `enabled` (in that order) that
 * apply in this context and have a key bound.
 */
export function footerHints(
  keymap: Keymap,
  context: KeyContext,
  enabled: readonly CommandId[],
): FooterHint[] {
  const out: FooterHint[] = [];
  for (const id of enabled) {
    const first = keymap.bindings[id][0];
    if (!first || !appliesIn(COMMANDS[id], context)) continue;
    out.push({ command: id, key: formatKey(first), hint: COMMANDS[id].hint });
  }
  return out;
}

/** The first key bound to a command in display form ("s"), for hints in text; the command id when unbound. */
export function firstKey(keymap: Keymap, id: CommandId): string {
  const k = keymap.bindings[id][0];
  return k ? formatKey(k) : id;
}
