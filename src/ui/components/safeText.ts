import { sanitize, sanitizeLine } from '../../core/sanitize.js';

/**
 * One untrusted line for a dialog or detail view: sanitizeLine (no escape
 * sequences, control or bidi characters, newlines/tabs folded to a space),
 * but the leading indentation is kept so indented output still lines up.
 */
export function safeLine(text: string): string {
  const clean = sanitize(text);
  const indent = /^ */.exec(clean)![0];
  return indent + sanitizeLine(clean);
}
