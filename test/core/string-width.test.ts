import realStringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { narrowRanges } from '../../src/core/narrow-text.js';
import stringWidth from '../../src/core/string-width.js';

const segmenter = new Intl.Segmenter();

describe('stringWidth (the fast path in front of string-width)', () => {
  it('every code point it answers for itself is one column to string-width, alone and between others', () => {
    const wrong: string[] = [];
    for (const [from, to] of narrowRanges)
      for (let cp = from; cp <= to; cp++) {
        const c = String.fromCharCode(cp);
        const row = `a${c}${c}b`;
        if (
          realStringWidth(c) !== 1 ||
          realStringWidth(row) !== 4 ||
          [...segmenter.segment(row)].length !== 4 ||
          stringWidth(row) !== 4
        )
          wrong.push(cp.toString(16));
      }
    expect(wrong).toEqual([]);
  });

  it.each([
    ['empty', ''],
    ['ascii', 'nux  working  ov-12 Fix the cart total'],
    ['borders and glyphs', '╭─ Polecats 3/6 ─╮ ● → ✓ ✗ ⚠ … — ·'],
    ['colours', '\x1b[32m✓ landed\x1b[39m \x1b[1mshop/nux\x1b[22m'],
    ['CJK', '修复购物车总价'],
    ['emoji', 'ship it 🚀 now'],
    ['emoji with variation selector', '⚠️ careful'],
    ['keycap', '1️⃣ first'],
    ['family (ZWJ)', '👨‍👩‍👧 team'],
    ['flag', '🇯🇵 tokyo'],
    ['combining accent', 'cafe\u0301 menu'],
    ['hangul', '한국어 테스트'],
    ['zero width', 'a\u200bb\u200dc'],
    ['control characters', 'tab\there\x07bell'],
    ['fullwidth forms', 'ＡＢＣ abc'],
    ['lone surrogate', 'x\ud800y'],
    ['emoji-presentation geometric', 'box ◽ done'],
  ])('%s: the same width as string-width', (_name, text) => {
    expect(stringWidth(text)).toBe(realStringWidth(text));
  });

  it('passes the options through to string-width', () => {
    expect(stringWidth('→ ambiguous', { ambiguousIsNarrow: false })).toBe(
      realStringWidth('→ ambiguous', { ambiguousIsNarrow: false }),
    );
    expect(stringWidth('\x1b[31mred\x1b[39m', { countAnsiEscapeCodes: true })).toBe(
      realStringWidth('\x1b[31mred\x1b[39m', { countAnsiEscapeCodes: true }),
    );
  });
});
