import stripAnsi from 'strip-ansi';

/**
 * Text from agents, issues and mail is untrusted. These helpers remove
 * everything a terminal would interpret (escape sequences, control
 * characters, bidi overrides) so the result can be printed verbatim.
 */

// String-type sequences carry an arbitrary payload up to a terminator:
// OSC (ESC ] / 0x9d), DCS (ESC P / 0x90), SOS (ESC X / 0x98), PM (ESC ^ / 0x9e),
// APC (ESC _ / 0x9f). Terminated by ST (ESC \ or 0x9c) or, for OSC in
// practice, BEL. The payload is dropped with the sequence (OSC 52 clipboard,
// window titles, hyperlinks, sixel data, ...). strip-ansi alone leaves parts of
// some payloads behind (e.g. base64 '+' in OSC 52, DCS bodies), hence this pass.
const STRING_SEQUENCE = /(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^]*?(?:\x07|\x1b\\|\x9c)/g;

// An unterminated introducer (e.g. a capture cut mid-sequence): drop the
// introducer; the leftover payload is printable and harmless.
const STRING_INTRODUCER = /\x1b[\]PX^_]/g;

// Remaining 7-bit escape sequences not matched by strip-ansi: ESC, optional
// intermediates (0x20-0x2f), one final byte (0x30-0x7e). Covers ESC 7, ESC c,
// ESC ( B, ESC # 8, ESC =, ...
const ESC_SEQUENCE = /\x1b[\x20-\x2f]*[\x30-\x7e]?/g;

// C0 controls except \t (0x09) and \n (0x0a), DEL, and C1 controls.
const CONTROL_CHARS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

// Bidi embedding/override/isolate controls (Trojan Source), plus the implicit
// marks LRM, RLM and ALM.
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/** Remove escape sequences and control characters; keeps \n and \t. */
export function sanitize(text: string): string {
  return stripAnsi(text.replace(STRING_SEQUENCE, ''))
    .replace(STRING_INTRODUCER, '')
    .replace(ESC_SEQUENCE, '')
    .replace(/\r\n/g, '\n')
    .replace(CONTROL_CHARS, '')
    .replace(BIDI_CONTROLS, '');
}

/**
 * Sanitize for one-line display: runs of newlines/tabs (with the spaces around
 * them) become one space, ends are trimmed, and the result is cut to maxLen
 * code points (with a trailing ellipsis) when given.
 */
export function sanitizeLine(text: string, maxLen?: number): string {
  const line = sanitize(text)
    .replace(/ *[\n\t][\n\t ]*/g, ' ')
    .trim();
  if (maxLen === undefined) return line;
  const points = Array.from(line);
  if (points.length <= maxLen) return line;
  if (maxLen <= 0) return '';
  return points.slice(0, maxLen - 1).join('') + '…';
}

// Characters JSON.stringify leaves raw that a terminal acts on or that reorder text: DEL, C1
// controls, line/paragraph separators, bidi controls and marks.
const JSON_UNSAFE = /[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/**
 * JSON text safe to print: JSON.stringify, with every character above
 * escaped as \uXXXX. Outside strings JSON is plain ASCII, so only string
 * contents change, and they parse back to the same text.
 */
export function safeJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    JSON_UNSAFE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
