import {
  closeSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { OverseerError } from './errors.js';

/**
 * Writes that are either whole or not there: every byte count a write
 * returns is checked (a full disk cuts a write short before it fails), an
 * append that cannot finish is truncated back to where it started, and a
 * replacement goes through a temp file renamed only once it is complete and
 * fsynced. A failure is an OverseerError naming the file.
 */

/** errno codes that mean "no room to write": the disk, a quota, or a file size limit. */
const NO_ROOM: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file size limit reached',
};

export function isDiskFull(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && code in NO_ROOM) return true;
  return e instanceof OverseerError && e.code === 'disk-full';
}

/** The clear error for a write that found no room: names the file and what was left. */
export function diskFullError(file: string, cause: unknown, left = 'nothing was written'): OverseerError {
  if (cause instanceof OverseerError && cause.code === 'disk-full') return cause;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code ?? 'ENOSPC';
  return new OverseerError(
    'disk-full',
    `disk full: cannot write ${file} (${NO_ROOM[code] ?? code}); ${left}`,
    {
      cause,
      hint: 'free some space on that disk, then run the command again',
    },
  );
}

/** A write failure as the operator should see it: disk-full errors become clear, others pass through. */
export function writeError(file: string, cause: unknown, left?: string): unknown {
  return isDiskFull(cause) ? diskFullError(file, cause, left) : cause;
}

/**
 * Any error that means "no room" (a raw fs call's errno, or a tool's message
 * such as git's "No space left on device") as the clear disk-full error;
 * undefined for every other error.
 */
export function asDiskFull(e: unknown): OverseerError | undefined {
  if (e instanceof OverseerError) return e.code === 'disk-full' ? e : undefined;
  if (isDiskFull(e))
    return diskFullError((e as NodeJS.ErrnoException).path ?? 'a file', e, 'the command stopped');
  const text = e instanceof Error ? e.message : String(e);
  const line = text
    .split('\n')
    .find((l) => /No space left on device|Disk quota exceeded|File too large/i.test(l));
  if (line === undefined) return undefined;
  return new OverseerError('disk-full', `disk full: ${line.trim()}`, {
    cause: e,
    hint: 'free some space on that disk, then run the command again',
  });
}

function noProgress(): NodeJS.ErrnoException {
  const e: NodeJS.ErrnoException = new Error('ENOSPC: a write made no progress');
  e.code = 'ENOSPC';
  return e;
}

/** Write all of `buf` at the descriptor's position; a short write is continued, one that makes no progress fails. */
export function writeAll(fd: number, buf: Uint8Array): void {
  let done = 0;
  while (done < buf.length) {
    const n = writeSync(fd, buf, done, buf.length - done);
    if (n <= 0) throw noProgress();
    done += n;
  }
}

/**
 * Append `data` to an open descriptor (opened for appending), fsynced. If any
 * of it cannot be written, the file is cut back to its length before the
 * call, so no partial line stays behind, and the error names `file`.
 */
export function appendAllSync(
  fd: number,
  file: string,
  data: string | Uint8Array,
  opts: { fsync?: boolean } = {},
): void {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  const before = fstatSync(fd).size;
  try {
    writeAll(fd, buf);
    if (opts.fsync !== false) fsyncSync(fd);
  } catch (e) {
    let left = 'nothing was written';
    try {
      ftruncateSync(fd, before);
      fsyncSync(fd);
    } catch {
      left = `a partial write may remain after byte ${before}`;
    }
    throw writeError(file, e, left);
  }
}

/** Append to a file by path (created if missing): whole or not at all. */
export function appendFileWhole(file: string, data: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  let fd: number;
  try {
    fd = openSync(file, 'a');
  } catch (e) {
    throw writeError(file, e);
  }
  try {
    appendAllSync(fd, file, data);
  } finally {
    closeSync(fd);
  }
}

let tempSeq = 0;

/** Temp names end in digits (`<file>.<digits>`): doctor recognises leftovers by that shape. */
function tempName(file: string): string {
  tempSeq = (tempSeq + 1) % 1_000_000;
  return `${file}.${process.pid}${String(tempSeq).padStart(6, '0')}`;
}

/**
 * Replace `file` atomically: write a temp file in the same directory, check
 * every byte landed, fsync, rename over the file, fsync the directory. A
 * reader sees the old content or the new, never a part; on failure the old
 * file is untouched and the temp file removed. `durable: false` skips both
 * fsyncs (still atomic for readers; after a power loss the file may be old
 * or empty): for status files rewritten every few seconds (the heartbeat).
 */
export function replaceFileSync(
  file: string,
  data: string | Uint8Array,
  mode = 0o644,
  opts: { durable?: boolean } = {},
): void {
  const durable = opts.durable !== false;
  const dir = dirname(file);
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  const tmp = tempName(file);
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(tmp, 'wx', mode);
    try {
      writeAll(fd, buf);
      if (durable) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw writeError(file, e, `${file} is unchanged`);
  }
  if (durable) syncDir(dir);
}

/** fsync a directory so a rename in it survives a crash; best effort (not every filesystem allows it). */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    /* not supported here: the rename is still atomic */
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const ignore = (): void => undefined;

/**
 * Under a file size limit (`ulimit -f`) a write past it is cut short, then
 * fails with EFBIG: reported like a full disk. Node ignores the SIGXFSZ that
 * comes with it, but signal-exit (proper-lockfile, execa) re-raises it when it
 * is the only listener, killing the process mid-write. A listener of our own
 * keeps the error instead. Call once at program start.
 */
export function keepFileSizeErrors(): void {
  if (!process.listeners('SIGXFSZ').includes(ignore)) process.on('SIGXFSZ', ignore);
}
