import type { Theme, TokenStyle } from './schema.js';
import { THEME_TOKENS, type ThemeToken } from './tokens.js';

/**
 * Emphasis for the NO_COLOR theme: no colors at all, roles stay apart through
 * bold, inverse and underline only. Tokens not listed are plain text.
 */
const EMPHASIS: Partial<Record<ThemeToken, TokenStyle>> = {
  'text.match': { underline: true },
  accent: { bold: true },
  'border.focused': { bold: true },
  'pane.title.focused': { bold: true, inverse: true },
  'header.title': { bold: true },
  'header.tab.active': { bold: true, inverse: true },
  'footer.key': { bold: true },
  'table.header': { bold: true, underline: true },
  selection: { inverse: true },
  'selection.unfocused': { underline: true },
  'badge.error': { bold: true, inverse: true },
  'badge.warning': { bold: true },
  'status.waiting': { bold: true },
  'status.stuck': { bold: true, inverse: true },
  'status.dead': { bold: true, underline: true },
  'status.error': { bold: true, inverse: true },
  'status.warning': { bold: true },
  'mr.conflict': { bold: true, inverse: true },
  'mr.failed': { bold: true },
  'mr.rejected': { underline: true },
  'priority.0': { bold: true, inverse: true },
  'priority.1': { bold: true },
  'mail.unread': { bold: true },
  'dialog.border': { bold: true },
  'dialog.title': { bold: true },
  'dialog.danger': { bold: true, underline: true },
  'help.section': { bold: true, underline: true },
  'help.key': { bold: true },
  'input.prompt': { bold: true },
  'input.cursor': { inverse: true },
};

const TOKENS = Object.freeze(
  Object.fromEntries(THEME_TOKENS.map((t) => [t, Object.freeze({ ...EMPHASIS[t] })])) as Record<
    ThemeToken,
    TokenStyle
  >,
);

/** The theme used when NO_COLOR is set (and the context default when no provider is mounted). */
export const MONOCHROME_THEME: Theme = Object.freeze({
  name: 'monochrome',
  monochrome: true,
  borders: Object.freeze({ focused: 'double', unfocused: 'single', dialog: 'double' }),
  tokens: TOKENS,
});
