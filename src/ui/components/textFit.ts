import cliTruncate from 'cli-truncate';
import stringWidth from '../../core/string-width.js';

export type Align = 'left' | 'right';

const LINE_BREAKS = /[\r\n\t\v\f]/g;

/** Terminal columns the text occupies (wide CJK = 2, combining marks = 0). */
export function textWidth(text: string): number {
  return stringWidth(text);
}

/** Cut to at most `width` columns, ending with … when cut. Line breaks become spaces. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  const flat = text.replace(LINE_BREAKS, ' ');
  if (stringWidth(flat) <= width) return flat;
  const cut = cliTruncate(flat, width, { position: 'end', truncationCharacter: '…' });
  // cli-truncate can leave one column over when a wide char straddles the edge.
  return stringWidth(cut) <= width
    ? cut
    : cliTruncate(flat, width - 1, { position: 'end', truncationCharacter: '…' });
}

/** Exactly `width` columns: truncated with … if longer, padded with spaces if shorter. */
export function fit(text: string, width: number, align: Align = 'left'): string {
  if (width <= 0) return '';
  const cut = truncate(text, width);
  const pad = ' '.repeat(Math.max(0, width - stringWidth(cut)));
  return align === 'right' ? pad + cut : cut + pad;
}
