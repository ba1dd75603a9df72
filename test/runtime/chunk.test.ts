import { describe, expect, it } from 'vitest';
import { chunkUtf8 } from '../../src/runtime/chunk.js';

describe('chunkUtf8', () => {
  const cases: Array<[string, string, number, string[]]> = [
    ['empty', '', 4, []],
    ['fits', 'abc', 4, ['abc']],
    ['exact multiple', 'abcdef', 3, ['abc', 'def']],
    ['remainder', 'abcdefg', 3, ['abc', 'def', 'g']],
    ['2-byte chars not split', 'ééé', 3, ['é', 'é', 'é']],
    ['3-byte chars', '日本語', 6, ['日本', '語']],
    ['4-byte emoji (surrogate pair) kept whole', 'a🎉b', 4, ['a', '🎉', 'b']],
    ['code point larger than the limit gets its own chunk', '🎉🎉', 2, ['🎉', '🎉']],
  ];

  it.each(cases)('%s', (_name, text, max, expected) => {
    expect(chunkUtf8(text, max)).toEqual(expected);
  });

  it('round-trips and respects the byte limit on mixed text', () => {
    const text = 'héllo 日本 🎉 '.repeat(200);
    const chunks = chunkUtf8(text, 512);
    expect(chunks.join('')).toBe(text);
    for (const c of chunks) expect(Buffer.byteLength(c)).toBeLessThanOrEqual(512);
    expect(chunks.every((c) => !c.includes('\ufffd'))).toBe(true);
  });

  it('rejects a limit below 1', () => {
    expect(() => chunkUtf8('a', 0)).toThrow(RangeError);
  });
});
