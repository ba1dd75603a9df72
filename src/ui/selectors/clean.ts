import { sanitize, sanitizeLine } from '../../core/sanitize.js';

// Anything a terminal could interpret: C0 (ESC included), DEL, C1, bidi controls.
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

/**
 * sanitizeLine with a fast path: most titles hold no control character at
 * all, and then the full multi-pass sanitizer would change nothing but the
 * trimming. 20,000 issue titles per reload make the difference visible.
 */
export function cleanLine(text: string, maxLen?: number): string {
  if (UNSAFE.test(text)) return sanitizeLine(text, maxLen);
  const line = text.trim();
  if (maxLen === undefined || line.length <= maxLen) return line;
  return sanitizeLine(line, maxLen);
}

/** sanitize (multi-line) with the same fast path. */
export function cleanText(text: string): string {
  return /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/.test(text)
    ? sanitize(text)
    : text;
}
