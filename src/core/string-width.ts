import stripAnsi from 'strip-ansi';
import { narrowUnits } from './narrow-text.js';
import { fullStringWidth } from './string-width-full.js';

export type WidthOptions = { ambiguousIsNarrow?: boolean; countAnsiEscapeCodes?: boolean };

/**
 * string-width, with the answer for text made only of the narrow code points
 * of narrow-text.ts (all a cockpit frame usually holds: names, borders,
 * bullets, arrows) worked out here: one column each. Anything else (emoji, CJK, combining marks) goes
 * to string-width itself, whose start-up (an RGI_Emoji regular expression,
 * ~30 ms to build and compile) is then paid only once such text appears.
 * The bundle routes every `string-width` import (Ink's too) here.
 */
export default function stringWidth(input: string, options?: WidthOptions): number {
  if (typeof input !== 'string' || input.length === 0) return 0;
  if (options?.ambiguousIsNarrow === false || options?.countAnsiEscapeCodes)
    return fullStringWidth()(input, options);
  const text = input.includes('\x1b') || input.includes('\x9b') ? stripAnsi(input) : input;
  for (let i = 0; i < text.length; i++)
    if (narrowUnits[text.charCodeAt(i)] !== 1) return fullStringWidth()(input, options);
  return text.length;
}
