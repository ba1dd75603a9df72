/**
 * Split text into pieces of at most maxBytes UTF-8 bytes each, never inside a
 * code point (a single code point longer than maxBytes gets its own piece).
 */
export function chunkUtf8(text: string, maxBytes: number): string[] {
  if (maxBytes < 1) throw new RangeError(`maxBytes must be >= 1, got ${maxBytes}`);
  const chunks: string[] = [];
  let current = '';
  let currentBytes = 0;
  for (const point of text) {
    const bytes = Buffer.byteLength(point, 'utf8');
    if (currentBytes + bytes > maxBytes && current !== '') {
      chunks.push(current);
      current = '';
      currentBytes = 0;
    }
    current += point;
    currentBytes += bytes;
  }
  if (current !== '') chunks.push(current);
  return chunks;
}
