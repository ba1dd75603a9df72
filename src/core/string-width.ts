import stripAnsi from 'strip-ansi';
import { fullStringWidth } from './string-width-full.js';

/**
 * Code points (beyond printable ASCII) that string-width measures as one
 * column each and that stand alone as a grapheme next to any of these: Latin,
 * punctuation, arrows, box drawing, blocks, geometric shapes and the symbols
 * and dingbats that are not shown as emoji. test/core/string-width.test.ts
 * checks every one of them against string-width itself.
 */
const NARROW_RANGES: readonly (readonly [number, number])[] = [
  [0x20, 0x7e],
  [0xa0, 0xac],
  [0xae, 0x24f],
  [0x2010, 0x2029],
  [0x202f, 0x205e],
  [0x2070, 0x20cf],
  [0x2100, 0x2319],
  [0x231c, 0x2328],
  [0x232b, 0x23e8],
  [0x23ed, 0x23ef],
  [0x23f1, 0x23f2],
  [0x23f4, 0x25fc],
  [0x25ff, 0x2613],
  [0x2616, 0x262f],
  [0x2638, 0x2647],
  [0x2654, 0x267e],
  [0x2680, 0x2689],
  [0x2690, 0x2692],
  [0x2694, 0x26a0],
  [0x26a2, 0x26a9],
  [0x26ac, 0x26bc],
  [0x26bf, 0x26c3],
  [0x26c6, 0x26cd],
  [0x26cf, 0x26d3],
  [0x26d5, 0x26e9],
  [0x26eb, 0x26f1],
  [0x26f4, 0x26f4],
  [0x26f6, 0x26f9],
  [0x26fb, 0x26fc],
  [0x26fe, 0x2704],
  [0x2706, 0x2709],
  [0x270c, 0x2727],
  [0x2729, 0x274b],
  [0x274d, 0x274d],
  [0x274f, 0x2752],
  [0x2756, 0x2756],
  [0x2758, 0x2794],
  [0x2798, 0x27af],
  [0x27b1, 0x27be],
  [0x27c0, 0x2b1a],
  [0x2b1d, 0x2b4f],
  [0x2b51, 0x2b54],
  [0x2b56, 0x2bff],
];

const narrow = new Uint8Array(0x10000);
for (const [from, to] of NARROW_RANGES) narrow.fill(1, from, to + 1);

export type WidthOptions = { ambiguousIsNarrow?: boolean; countAnsiEscapeCodes?: boolean };

/** The ranges above, for the test that checks them. */
export const narrowRanges = NARROW_RANGES;

/**
 * string-width, with the answer for text made only of the code points above
 * (all a cockpit frame usually holds: names, borders, bullets, arrows) worked
 * out here: one column each. Anything else (emoji, CJK, combining marks) goes
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
    if (narrow[text.charCodeAt(i)] !== 1) return fullStringWidth()(input, options);
  return text.length;
}
