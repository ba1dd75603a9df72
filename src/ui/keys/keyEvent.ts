import type { Key } from 'ink';
import type { KeySpec } from './keySpec.js';

/**
 * One keypress from ink's useInput, normalized so it compares directly with a
 * KeySpec. A paste (several characters in one chunk) has name '' and carries
 * the characters in `text`; it never matches a key binding.
 */
export interface KeyEvent extends KeySpec {
  /** Printable text this keypress would insert ('' for named keys and ctrl/meta chords). */
  readonly text: string;
  /** The original ink pair, for handlers that need more. */
  readonly input: string;
  readonly key: Key;
}

function namedKey(key: Key): string | undefined {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'escape';
  if (key.tab) return 'tab';
  if (key.backspace) return 'backspace';
  if (key.delete) return 'delete';
  return undefined;
}

export function toKeyEvent(input: string, key: Key): KeyEvent {
  const named = namedKey(key);
  if (named) {
    // ink reports escape with meta=true; a bare Esc is not alt+anything.
    const meta = named === 'escape' ? false : key.meta;
    return { name: named, ctrl: key.ctrl, meta, shift: key.shift, text: '', input, key };
  }
  if (key.ctrl)
    return { name: input.toLowerCase(), ctrl: true, meta: key.meta, shift: false, text: '', input, key };
  const chars = Array.from(input);
  if (chars.length === 1) {
    if (input === ' ')
      return {
        name: 'space',
        ctrl: false,
        meta: key.meta,
        shift: false,
        text: key.meta ? '' : ' ',
        input,
        key,
      };
    return {
      name: input,
      ctrl: false,
      meta: key.meta,
      shift: false,
      text: key.meta ? '' : input,
      input,
      key,
    };
  }
  return { name: '', ctrl: false, meta: false, shift: false, text: input, input, key };
}

export function matchesSpec(spec: KeySpec, ev: KeySpec): boolean {
  return (
    spec.name !== '' &&
    spec.name === ev.name &&
    spec.ctrl === ev.ctrl &&
    spec.meta === ev.meta &&
    spec.shift === ev.shift
  );
}

export function matchesAny(specs: readonly KeySpec[], ev: KeySpec): boolean {
  return specs.some((s) => matchesSpec(s, ev));
}
