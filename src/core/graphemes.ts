import { narrowUnits } from './narrow-text.js';

/** One grapheme of a text, as Intl.Segmenter gives it. */
export type Grapheme = { segment: string; index: number; input: string };

/** What `segment()` gives: Intl.Segmenter's Segments, or the same for text of single-unit graphemes. */
export type Graphemes = Iterable<Grapheme> & { containing(index?: number): Grapheme | undefined };

// Code units that are a grapheme each next to one another: the narrow code points
// (narrow-text.ts) and the control characters but CR (CR LF is one grapheme).
const single = Uint8Array.from(narrowUnits);
single.fill(1, 0x00, 0x20);
single.fill(1, 0x7f, 0xa0);
single[0x0d] = 0;

class UnitGraphemes implements Graphemes {
  constructor(private readonly input: string) {}
  containing(index = 0): Grapheme | undefined {
    const i = Math.trunc(index);
    if (!(i >= 0 && i < this.input.length)) return undefined;
    return { segment: this.input[i]!, index: i, input: this.input };
  }
  *[Symbol.iterator](): Iterator<Grapheme> {
    for (let i = 0; i < this.input.length; i++)
      yield { segment: this.input[i]!, index: i, input: this.input };
  }
}

let icu: Intl.Segmenter | undefined;

/**
 * Intl.Segmenter's grapheme segmentation, with text made only of the code
 * units above (names, borders, bullets, arrows, escape sequences: a cockpit
 * frame) worked out here, one unit per grapheme. Creating the process's first
 * grapheme segmenter loads ICU's break rules, ~8 ms of the cockpit's start;
 * slice-ansi and Ink's ansi-tokenize each create one when they load, and the
 * bundle gives them this one instead (scripts/build-plugins.mjs), so ICU is
 * loaded only once other text appears.
 */
export const graphemeSegmenter = {
  segment(text: string): Graphemes {
    for (let i = 0; i < text.length; i++)
      if (single[text.charCodeAt(i)] !== 1)
        return (icu ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })).segment(text);
    return new UnitGraphemes(text);
  },
};
