/**
 * Text a terminal frame may hold, from the usual (names, borders, colours) to
 * what only the Unicode libraries get right: the table the fast paths in front
 * of string-width and Intl.Segmenter are checked against.
 */
export const TEXT_CASES: readonly (readonly [name: string, text: string])[] = [
  ['empty', ''],
  ['ascii', 'nux  working  ov-12 Fix the cart total'],
  ['borders and glyphs', '╭─ Polecats 3/6 ─╮ ● → ✓ ✗ ⚠ … — ·'],
  ['colours', '\x1b[32m✓ landed\x1b[39m \x1b[1mshop/nux\x1b[22m'],
  ['CR LF', 'one\r\ntwo'],
  ['CJK', '修复购物车总价'],
  ['emoji', 'ship it 🚀 now'],
  ['emoji with variation selector', '⚠️ careful'],
  ['keycap', '1️⃣ first'],
  ['family (ZWJ)', '👨‍👩‍👧 team'],
  ['flag', '🇯🇵 tokyo'],
  ['combining accent', 'cafe\u0301 menu'],
  ['hangul', '한국어 테스트'],
  ['hangul jamo', '\u1100\u1161\u11a8 x'],
  ['zero width', 'a\u200bb\u200dc'],
  ['control characters', 'tab\there\x07bell'],
  ['fullwidth forms', 'ＡＢＣ abc'],
  ['lone surrogate', 'x\ud800y'],
  ['emoji-presentation geometric', 'box ◽ done'],
];
