import { readSync } from 'node:fs';

/**
 * Where an incremental reader stands: the byte after the last whole line,
 * the file's identity, and the first and last bytes it has read (up to
 * MARK_BYTES each, latin1). A file rewritten in place (same inode, e.g. `cp`
 * over it) shows as changed bytes there, whatever its size did.
 */
export type LogCursor = { offset: number; ino: number; line: number; head?: string; tail?: string };

/** Bytes of the file's start and of the end of what was read, compared on every read. */
const MARK_BYTES = 64;

/** The marks of a cursor that read `whole` (whole lines) after `start`. */
export function advanceMarks(start: LogCursor, whole: Buffer): { head?: string; tail?: string } {
  if (whole.length === 0) return { head: start.head, tail: start.tail };
  const head =
    start.offset >= MARK_BYTES
      ? start.head
      : (start.head ?? '') + whole.subarray(0, MARK_BYTES - start.offset).toString('latin1');
  const tail = ((start.tail ?? '') + whole.subarray(-MARK_BYTES).toString('latin1')).slice(-MARK_BYTES);
  return { head, tail };
}

/** Do the file's first bytes and the bytes before the cursor still read as they did? */
export function sameMarks(fd: number, c: LogCursor): boolean {
  if (c.offset === 0 || c.head === undefined || c.tail === undefined) return true;
  const read = (pos: number, len: number) => {
    const b = Buffer.allocUnsafe(len);
    const n = readSync(fd, b, 0, len, pos);
    return b.subarray(0, n).toString('latin1');
  };
  if (read(c.offset - c.tail.length, c.tail.length) !== c.tail) return false;
  return c.offset <= MARK_BYTES || read(0, c.head.length) === c.head;
}

/** `length` bytes of the file at `pos` (fewer at its end). */
export function readAt(fd: number, pos: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, pos + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}
