/**
 * Key specs: the strings a keymap uses ("j", "G", "ctrl+c", "shift+tab",
 * "down", "pageup", "escape"), parsed into a normalized form that can be
 * compared with a normalized ink key event (see keyEvent.ts).
 *
 * Printable characters are named by the character itself, so "G" and
 * "shift+g" are the same key and shift is never recorded for them.
 */
export interface KeySpec {
  /** A named key (see NAMED_KEYS) or a single printable character. */
  readonly name: string;
  readonly ctrl: boolean;
  readonly meta: boolean;
  readonly shift: boolean;
}

export const NAMED_KEYS = [
  'up',
  'down',
  'left',
  'right',
  'pageup',
  'pagedown',
  'home',
  'end',
  'enter',
  'escape',
  'tab',
  'backspace',
  'delete',
  'space',
] as const;
export type NamedKey = (typeof NAMED_KEYS)[number];

const NAMED: ReadonlySet<string> = new Set(NAMED_KEYS);

const ALIASES: Readonly<Record<string, NamedKey>> = {
  esc: 'escape',
  return: 'enter',
  pgup: 'pageup',
  pgdn: 'pagedown',
  pgdown: 'pagedown',
  del: 'delete',
  bs: 'backspace',
  arrowup: 'up',
  arrowdown: 'down',
  arrowleft: 'left',
  arrowright: 'right',
};

const MODIFIERS: Readonly<Record<string, 'ctrl' | 'meta' | 'shift'>> = {
  ctrl: 'ctrl',
  control: 'ctrl',
  alt: 'meta',
  meta: 'meta',
  option: 'meta',
  shift: 'shift',
};

export type ParseResult = { ok: true; spec: KeySpec } | { ok: false; error: string };

/** Single visible character: one code point, not a control character, not a space. */
function isPrintableChar(s: string): boolean {
  const cps = Array.from(s);
  return cps.length === 1 && !/[\u0000-\u0020\u007f-\u009f]/.test(s);
}

/** Parse a key spec; never throws. `+` as a key is written "plus". */
export function parseKeySpec(text: string): ParseResult {
  const raw = text.trim();
  if (raw === '') return { ok: false, error: 'empty key' };
  const parts = raw === '+' ? ['+'] : raw.split('+');
  const keyPart = parts.pop() ?? '';
  if (keyPart === '') return { ok: false, error: `${JSON.stringify(text)}: missing key after "+"` };
  const mods = { ctrl: false, meta: false, shift: false };
  for (const m of parts) {
    const mod = MODIFIERS[m.toLowerCase()];
    if (!mod) return { ok: false, error: `${JSON.stringify(text)}: unknown modifier ${JSON.stringify(m)}` };
    if (mods[mod])
      return { ok: false, error: `${JSON.stringify(text)}: modifier ${JSON.stringify(m)} repeated` };
    mods[mod] = true;
  }
  const lower = keyPart.toLowerCase();
  let name: string;
  if (keyPart === 'plus') name = '+';
  else if (keyPart.length > 1 && (NAMED.has(lower) || ALIASES[lower])) name = ALIASES[lower] ?? lower;
  else if (isPrintableChar(keyPart)) name = keyPart;
  else return { ok: false, error: `${JSON.stringify(text)}: unknown key ${JSON.stringify(keyPart)}` };

  const named = NAMED.has(name);
  if (!named) {
    // A printable character: shift is part of the character itself.
    if (mods.shift) {
      if (!/^[a-zA-Z]$/.test(name))
        return {
          ok: false,
          error: `${JSON.stringify(text)}: write the shifted character itself, not shift+${name}`,
        };
      name = name.toUpperCase();
      mods.shift = false;
    }
    if (mods.ctrl) {
      // Terminals can only send ctrl with letters (ctrl+a .. ctrl+z).
      if (!/^[a-zA-Z]$/.test(name))
        return { ok: false, error: `${JSON.stringify(text)}: ctrl only combines with a letter a-z` };
      name = name.toLowerCase();
    }
  }
  return { ok: true, spec: { name, ...mods } };
}

/** Parse or throw (for the built-in table, where a bad spec is a programming error). */
export function keySpec(text: string): KeySpec {
  const r = parseKeySpec(text);
  if (!r.ok) throw new Error(`invalid key spec: ${r.error}`);
  return r.spec;
}

const LABELS: Readonly<Record<string, string>> = {
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  home: 'Home',
  end: 'End',
  enter: 'Enter',
  escape: 'Esc',
  tab: 'Tab',
  backspace: 'Bksp',
  delete: 'Del',
  space: 'Space',
};

/** Short display form for help and footer: "j", "G", "^c", "S-Tab", "M-x", "↓". */
export function formatKey(spec: KeySpec): string {
  const base = LABELS[spec.name] ?? spec.name;
  if (spec.ctrl && spec.name.length === 1) return `^${base}`;
  return `${spec.ctrl ? 'C-' : ''}${spec.meta ? 'M-' : ''}${spec.shift ? 'S-' : ''}${base}`;
}

/** Canonical text form, stable for comparisons and conflict reports: "ctrl+c", "shift+tab", "G". */
export function keyId(spec: KeySpec): string {
  return `${spec.ctrl ? 'ctrl+' : ''}${spec.meta ? 'alt+' : ''}${spec.shift ? 'shift+' : ''}${spec.name}`;
}
