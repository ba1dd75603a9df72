import { closeSync, fstatSync, openSync, readSync, statSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { appendAllSync, replaceFileSync, writeError } from './disk-write.js';
import { withLock } from './lock.js';
import { describeZodError } from './zod-errors.js';
import { SUPPORTED_VERSION } from './json-file.js';
import { advanceMarks, readAt, sameMarks, type LogCursor } from './log-cursor.js';

export type { LogCursor } from './log-cursor.js';

/**
 * An append-only log of whole JSON records, one per line. The last record for
 * an id wins. Appends take a cross-process lock; a torn last line (a writer
 * killed mid-append) is ignored and reported, never fatal; reads can resume
 * from a byte offset; compaction rewrites the file atomically.
 */

export type LineProblem = {
  file: string;
  line: number;
  offset: number;
  kind: 'torn-tail' | 'syntax' | 'schema' | 'version';
  message: string;
};

export type LogChunk<T> = {
  records: T[];
  /** The line number of each record, in step with `records`. */
  lines: number[];
  problems: LineProblem[];
  cursor: LogCursor;
  /**
   * True when the file was replaced, shrank (compaction) or was rewritten in
   * place: the chunk is the whole file again and the caller must drop what it had.
   */
  reset: boolean;
  /** Bytes after the last newline: a line still being written, or torn. */
  pendingBytes: number;
};

export const EMPTY_CURSOR: LogCursor = { offset: 0, ino: -1, line: 0 };

function emptyChunk<T>(cursor: LogCursor, reset: boolean): LogChunk<T> {
  return { records: [], lines: [], problems: [], cursor, reset, pendingBytes: 0 };
}

export class JsonlLog<S extends z.ZodType> {
  constructor(
    readonly path: string,
    readonly schema: S,
  ) {}

  /** Append records under the lock, fsynced. */
  async append(records: z.infer<S>[]): Promise<void> {
    await this.transact(() => records);
  }

  /**
   * Under the lock: compute the records to append (`fn` may read the log and
   * sees every record appended before it), then append them, fsynced. A torn
   * tail left by a killed writer is fenced off with a newline first.
   */
  async transact<R>(fn: () => z.infer<S>[] | { records: z.infer<S>[]; result: R }): Promise<R | undefined> {
    mkdirSync(dirname(this.path), { recursive: true });
    return withLock(this.path, () => {
      const out = fn();
      const records = Array.isArray(out) ? out : out.records;
      const result = Array.isArray(out) ? undefined : out.result;
      if (records.length === 0) return result;
      const text = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
      let fd: number;
      try {
        fd = openSync(this.path, 'a+');
      } catch (e) {
        throw writeError(this.path, e);
      }
      try {
        const size = fstatSync(fd).size;
        let prefix = '';
        if (size > 0) {
          const last = Buffer.alloc(1);
          readSync(fd, last, 0, 1, size - 1);
          if (last[0] !== 0x0a) prefix = '\n';
        }
        // Whole or nothing: a write the disk cuts short is truncated back and fails naming the file.
        appendAllSync(fd, this.path, prefix + text);
      } finally {
        closeSync(fd);
      }
      return result;
    });
  }

  /** Read everything. */
  readAll(): LogChunk<z.infer<S>> {
    return this.readFrom(EMPTY_CURSOR);
  }

  /**
   * Read the whole lines added since `cursor`: at most about `maxBytes` of
   * them (a longer single line is read whole), the rest on the next call.
   */
  readFrom(cursor: LogCursor, maxBytes = Infinity): LogChunk<z.infer<S>> {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        return emptyChunk(EMPTY_CURSOR, cursor.offset > 0);
      }
      throw e;
    }
    try {
      const st = fstatSync(fd);
      let start = cursor;
      let reset = false;
      if (cursor.ino !== -1 && (st.ino !== cursor.ino || st.size < cursor.offset || !sameMarks(fd, cursor))) {
        start = EMPTY_CURSOR;
        reset = true;
      }
      const left = st.size - start.offset;
      if (left <= 0) return emptyChunk({ ...start, ino: st.ino }, reset);
      let buf = readAt(fd, start.offset, Math.min(left, maxBytes));
      // A limit that cut the first line: read the rest of the file whole rather than stall.
      if (buf.length < left && buf.lastIndexOf(0x0a) < 0) buf = readAt(fd, start.offset, left);
      const chunk = this.parseChunk(buf, { ...start, ino: st.ino }, reset);
      // Bytes a limit left unread are not a torn line.
      if (buf.length < left && chunk.pendingBytes > 0) {
        chunk.problems = chunk.problems.filter((p) => p.kind !== 'torn-tail');
        chunk.pendingBytes = 0;
      }
      return chunk;
    } finally {
      closeSync(fd);
    }
  }

  private parseChunk(buf: Buffer, start: LogCursor, reset: boolean): LogChunk<z.infer<S>> {
    const records: z.infer<S>[] = [];
    const lines: number[] = [];
    const problems: LineProblem[] = [];
    const lastNl = buf.lastIndexOf(0x0a);
    const whole = lastNl >= 0 ? buf.subarray(0, lastNl) : Buffer.alloc(0);
    const pendingBytes = buf.length - (lastNl + 1);
    let line = start.line;
    let offset = start.offset;
    if (lastNl >= 0) {
      for (const text of whole.toString('utf8').split('\n')) {
        line++;
        const lineOffset = offset;
        offset += Buffer.byteLength(text) + 1;
        if (text.trim() === '') continue;
        const r = this.parseLine(text, line, lineOffset);
        if ('record' in r) {
          records.push(r.record);
          lines.push(line);
        } else problems.push(r.problem);
      }
    }
    if (pendingBytes > 0) {
      problems.push({
        file: this.path,
        line: line + 1,
        offset: start.offset + lastNl + 1,
        kind: 'torn-tail',
        message: `${this.path}:${line + 1}: incomplete last line (${pendingBytes} bytes, no newline): ignored`,
      });
    }
    return {
      records,
      lines,
      problems,
      cursor: {
        ...advanceMarks(start, buf.subarray(0, lastNl + 1)),
        offset: start.offset + lastNl + 1,
        ino: start.ino,
        line,
      },
      reset,
      pendingBytes,
    };
  }

  private parseLine(
    text: string,
    line: number,
    offset: number,
  ): { record: z.infer<S> } | { problem: LineProblem } {
    const where = `${this.path}:${line}`;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return {
        problem: {
          file: this.path,
          line,
          offset,
          kind: 'syntax',
          message: `${where}: not valid JSON: ignored`,
        },
      };
    }
    const v = (raw as { version?: unknown } | null)?.version;
    if (typeof v === 'number' && v > SUPPORTED_VERSION) {
      return {
        problem: {
          file: this.path,
          line,
          offset,
          kind: 'version',
          message: `${where}: record version ${v} is newer than supported (${SUPPORTED_VERSION})`,
        },
      };
    }
    const parsed = this.schema.safeParse(raw);
    if (!parsed.success) {
      return {
        problem: {
          file: this.path,
          line,
          offset,
          kind: 'schema',
          message: `${where}: ${describeZodError(parsed.error)}`,
        },
      };
    }
    return { record: parsed.data };
  }

  /**
   * Rewrite the log atomically keeping only `keep(records)`. Runs under the
   * append lock so no append is lost in between.
   */
  async rewrite(
    keep: (chunk: LogChunk<z.infer<S>>) => z.infer<S>[],
  ): Promise<{ before: number; after: number }> {
    return withLock(this.path, async () => {
      const chunk = this.readAll();
      const kept = keep(chunk);
      const text = kept.map((r) => JSON.stringify(r)).join('\n') + (kept.length > 0 ? '\n' : '');
      replaceFileSync(this.path, text);
      return { before: chunk.cursor.line + (chunk.pendingBytes > 0 ? 1 : 0), after: kept.length };
    });
  }

  /** Keep only the last record per id, in first-seen order. */
  async compact(idOf: (r: z.infer<S>) => string): Promise<{ before: number; after: number }> {
    return this.rewrite((chunk) => [...latestById(chunk.records, idOf).values()]);
  }

  /**
   * Remove lines that are not JSON at all (torn writes). Lines that are JSON
   * but fail the schema are kept: they may be a newer version's records.
   */
  async dropTornLines(): Promise<number> {
    let dropped = 0;
    await withLock(this.path, async () => {
      let text: string;
      try {
        text = readFileSync(this.path, 'utf8');
      } catch {
        return;
      }
      const lines = text.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      const good = lines.filter((l) => {
        if (l.trim() === '') return false;
        try {
          JSON.parse(l);
          return true;
        } catch {
          dropped++;
          return false;
        }
      });
      if (dropped > 0) replaceFileSync(this.path, good.map((l) => l + '\n').join(''));
    });
    return dropped;
  }

  exists(): boolean {
    try {
      statSync(this.path);
      return true;
    } catch {
      return false;
    }
  }
}

export function latestById<T>(records: Iterable<T>, idOf: (r: T) => string): Map<string, T> {
  const m = new Map<string, T>();
  for (const r of records) m.set(idOf(r), r);
  return m;
}
