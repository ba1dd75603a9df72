import { describe, expect, it } from 'vitest';
import { graphemeSegmenter } from '../../src/core/graphemes.js';
import { narrowRanges } from '../../src/core/narrow-text.js';
import { TEXT_CASES } from '../support/text-cases.js';

const icu = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const plain = (it: Iterable<{ segment: string; index: number }>) =>
  [...it].map(({ segment, index }) => ({ segment, index }));

// Every code unit the fast path answers for: the narrow code points and the controls but CR.
const units: string[] = [];
for (let c = 0; c < 0xa0; c++) if (c !== 0x0d && (c < 0x20 || c >= 0x7f)) units.push(String.fromCharCode(c));
for (const [from, to] of narrowRanges) for (let c = from; c <= to; c++) units.push(String.fromCharCode(c));

describe('graphemeSegmenter (the fast path in front of Intl.Segmenter)', () => {
  it('every unit it answers for is a grapheme of its own to Intl.Segmenter, as to it', () => {
    // Grapheme breaks (UAX #29) follow from the classes of neighbours: a unit that splits
    // from a letter on both sides and from itself is Other or Control (not CR), and
    // between those Unicode always breaks; so any text of these units does too.
    const joins = units.filter((c) => [...icu.segment(`a${c}${c}a`)].length !== 4);
    expect(joins.map((c) => c.charCodeAt(0).toString(16))).toEqual([]);
    expect(units.length).toBeGreaterThan(3000);
    const all = units.join('');
    const text = `${all}\x1b[31m${[...all].reverse().join('')}\x1b[39m`;
    expect(plain(graphemeSegmenter.segment(text))).toEqual(plain(icu.segment(text)));
  });

  it.each(TEXT_CASES)(
    '%s: the same graphemes as Intl.Segmenter, and the same containing()',
    (_name, text) => {
      const ours = graphemeSegmenter.segment(text);
      const theirs = icu.segment(text);
      expect(plain(ours)).toEqual(plain(theirs));
      for (const i of [-1, 0, 0.5, 1, 2, text.length - 1, text.length, text.length + 3]) {
        const a = ours.containing(i);
        const b = theirs.containing(i);
        expect(a && { segment: a.segment, index: a.index, input: a.input }).toEqual(
          b && { segment: b.segment, index: b.index, input: b.input },
        );
      }
    },
  );
});
