/**
 * The scripted agent reads its terminal in raw mode, as agent TUIs do, so
 * single keys (Esc, arrows, digits) arrive at once. This turns the bytes of
 * one read into keys; text arrives as `char` keys.
 */
export type Key =
  | { kind: 'enter' }
  | { kind: 'escape' }
  | { kind: 'up' }
  | { kind: 'down' }
  | { kind: 'left' }
  | { kind: 'right' }
  | { kind: 'tab' }
  | { kind: 'backspace' }
  | { kind: 'ctrl-c' }
  | { kind: 'char'; char: string };

const ARROWS: Record<string, Key> = {
  A: { kind: 'up' },
  B: { kind: 'down' },
  C: { kind: 'right' },
  D: { kind: 'left' },
};

export function parseKeys(data: string): Key[] {
  const out: Key[] = [];
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    if (c === '\r' || c === '\n') {
      out.push({ kind: 'enter' });
      if (c === '\r' && data[i + 1] === '\n') i++;
    } else if (c === '\x1b') {
      // CSI / SS3 arrows (ESC [ A, ESC O A); anything else after ESC is a lone Escape.
      const next = data[i + 1];
      if ((next === '[' || next === 'O') && i + 2 < data.length) {
        let j = i + 2;
        while (j < data.length && /[0-9;]/.test(data[j]!)) j++;
        const arrow = ARROWS[data[j] ?? ''];
        if (arrow) out.push(arrow);
        i = j;
      } else out.push({ kind: 'escape' });
    } else if (c === '\t') out.push({ kind: 'tab' });
    else if (c === '\x7f' || c === '\b') out.push({ kind: 'backspace' });
    else if (c === '\x03') out.push({ kind: 'ctrl-c' });
    else if (c >= ' ') out.push({ kind: 'char', char: c });
  }
  return out;
}
