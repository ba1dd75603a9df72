import type { KeyEvent } from '../keys/index.js';

/** A single-line editing state; cursor counts code points, 0..chars.length. */
export interface LineState {
  readonly value: string;
  readonly cursor: number;
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const ESCAPE_SEQ = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

/** Make pasted or typed text safe for a single line: breaks become spaces, controls are dropped. */
export function cleanInsert(text: string): string {
  return text
    .replace(ESCAPE_SEQ, '')
    .replace(/\r\n|[\r\n\t]/g, ' ')
    .replace(CONTROL, '');
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && !/\s/.test(ch);
}

/**
 * Apply one key to a line. Returns the new state, or undefined when the
 * key is not an editing key (so the caller can let it through).
 * Keys: printable text and paste, ←/→, Home/End, ^a/^e, Backspace (and
 * Del, which most terminals send for Backspace), ^u (to start), ^k (to
 * end), ^w (word back).
 */
export function editLine(state: LineState, ev: KeyEvent): LineState | undefined {
  const chars = Array.from(state.value);
  const cursor = Math.min(Math.max(0, state.cursor), chars.length);
  const make = (cs: string[], c: number): LineState => ({ value: cs.join(''), cursor: c });

  if (ev.ctrl) {
    switch (ev.name) {
      case 'a':
        return make(chars, 0);
      case 'e':
        return make(chars, chars.length);
      case 'u':
        return make(chars.slice(cursor), 0);
      case 'k':
        return make(chars.slice(0, cursor), cursor);
      case 'w': {
        let i = cursor;
        while (i > 0 && !isWordChar(chars[i - 1])) i--;
        while (i > 0 && isWordChar(chars[i - 1])) i--;
        return make([...chars.slice(0, i), ...chars.slice(cursor)], i);
      }
      case 'left':
      case 'right':
        break;
      default:
        return undefined;
    }
  }
  if (ev.meta && ev.name !== '') return undefined;
  switch (ev.name) {
    case 'left':
      return make(chars, Math.max(0, cursor - 1));
    case 'right':
      return make(chars, Math.min(chars.length, cursor + 1));
    case 'home':
      return make(chars, 0);
    case 'end':
      return make(chars, chars.length);
    case 'backspace':
    case 'delete':
      if (cursor === 0) return make(chars, 0);
      return make([...chars.slice(0, cursor - 1), ...chars.slice(cursor)], cursor - 1);
  }
  if (ev.text === '') return undefined;
  const insert = Array.from(cleanInsert(ev.text));
  if (insert.length === 0) return make(chars, cursor);
  return make([...chars.slice(0, cursor), ...insert, ...chars.slice(cursor)], cursor + insert.length);
}
