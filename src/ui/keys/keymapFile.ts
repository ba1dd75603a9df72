import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { z } from 'zod';
import { ConfigFileError, formatZodIssues } from '../fileError.js';
import { COMMAND_IDS, isCommandId, type CommandId } from './commands.js';
import {
  buildKeymap,
  findConflicts,
  findTypedBindings,
  type Keymap,
  type KeymapOverrides,
} from './keymap.js';
import { parseKeySpec } from './keySpec.js';

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

function suggest(name: string): string {
  let best: CommandId | undefined;
  let bestD = Infinity;
  for (const id of COMMAND_IDS) {
    const d = editDistance(name, id);
    if (d < bestD) [best, bestD] = [id, d];
  }
  return best && bestD <= 3 ? ` (did you mean ${best}?)` : '';
}

function checkKey(value: unknown, path: PropertyKey[], ctx: z.RefinementCtx): void {
  if (typeof value !== 'string') {
    ctx.addIssue({ code: 'custom', path, message: 'expected a key such as "j", "ctrl+d" or "shift+tab"' });
    return;
  }
  const r = parseKeySpec(value);
  if (!r.ok) ctx.addIssue({ code: 'custom', path, message: `malformed key: ${r.error}` });
}

/**
 * The override file: a map from command name to a key or a list of keys.
 * A listed command's keys replace its defaults; `[]` or null unbinds it.
 *
 *   nav.down: [j, down, ctrl+n]
 *   action.stop: X
 */
export const keymapFileSchema = z.record(z.string(), z.unknown()).superRefine((rec, ctx) => {
  for (const [name, value] of Object.entries(rec)) {
    if (!isCommandId(name)) {
      ctx.addIssue({ code: 'custom', path: [name], message: `unknown command${suggest(name)}` });
      continue;
    }
    if (value === null) continue;
    if (Array.isArray(value)) value.forEach((v, i) => checkKey(v, [name, i], ctx));
    else checkKey(value, [name], ctx);
  }
});

/** Parse override text; errors are ConfigFileError naming `file` and the entry. */
export function parseKeymapOverrides(text: string, file: string): KeymapOverrides {
  let raw: unknown;
  try {
    raw = YAML.parse(text);
  } catch (e) {
    throw new ConfigFileError(file, `not valid YAML: ${(e as Error).message}`);
  }
  if (raw === null || raw === undefined) return {};
  const parsed = keymapFileSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigFileError(file, formatZodIssues(parsed.error));
  const out: Partial<Record<CommandId, readonly string[]>> = {};
  for (const [name, v] of Object.entries(parsed.data))
    out[name as CommandId] = v === null ? [] : Array.isArray(v) ? (v as string[]) : [v as string];
  return out;
}

/** Build a keymap from overrides, rejecting conflicts that involve an overridden command. */
export function keymapFromOverrides(overrides: KeymapOverrides, file: string): Keymap {
  const keymap = buildKeymap(overrides);
  const touched = (id: CommandId) => overrides[id] !== undefined;
  for (const c of findConflicts(keymap)) {
    if (!c.commands.some(touched)) continue;
    const entry = c.commands.find(touched)!;
    throw new ConfigFileError(
      file,
      `${entry}: key ${c.key} is also bound to ${c.commands.filter((x) => x !== entry).join(', ')} in context ${c.context}`,
    );
  }
  for (const t of findTypedBindings(keymap)) {
    if (!touched(t.command)) continue;
    throw new ConfigFileError(
      file,
      `${t.command}: key ${t.key} would be typed into the input in context ${t.context}; use a named key or ctrl+letter`,
    );
  }
  return keymap;
}

/** Load `config/keymap.yaml`; a missing file means the defaults. */
export function loadKeymap(file: string): Keymap {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return buildKeymap();
    throw new ConfigFileError(file, `cannot read: ${(e as Error).message}`);
  }
  return keymapFromOverrides(parseKeymapOverrides(text, file), file);
}
