import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { replaceFileSync } from './disk-write.js';
import { OverseerError } from './errors.js';
import { describeZodError } from './zod-errors.js';

/**
 * Replace a JSON file atomically: temp file in the same directory, every
 * byte checked, fsync, rename. A reader sees the old file or the new one,
 * never half of either; a full disk leaves the old one and says so.
 */
export async function writeJsonAtomic(path: string, value: unknown, opts?: WriteOptions): Promise<void> {
  writeJsonAtomicSync(path, value, opts);
}

/** `durable: false`: no fsync (see replaceFileSync), for status files rewritten every tick. */
export type WriteOptions = { durable?: boolean };

export function writeJsonAtomicSync(path: string, value: unknown, opts?: WriteOptions): void {
  replaceFileSync(path, JSON.stringify(value, null, 2) + '\n', 0o644, opts);
}

export type FileProblem = {
  file: string;
  message: string;
  kind: 'missing' | 'unreadable' | 'syntax' | 'schema' | 'version';
};

export type ReadResult<T> = { ok: true; value: T } | { ok: false; problem: FileProblem };

/** Read and validate a JSON file without throwing. */
export function tryReadJson<S extends z.ZodType>(path: string, schema: S): ReadResult<z.infer<S>> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      return { ok: false, problem: { file: path, kind: 'missing', message: `${path}: file is missing` } };
    return {
      ok: false,
      problem: { file: path, kind: 'unreadable', message: `${path}: cannot read (${code ?? String(e)})` },
    };
  }
  return parseJsonText(path, text, schema);
}

export function parseJsonText<S extends z.ZodType>(
  path: string,
  text: string,
  schema: S,
): ReadResult<z.infer<S>> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const what = text.trim() === '' ? 'file is empty' : `not valid JSON (${(e as Error).message})`;
    return { ok: false, problem: { file: path, kind: 'syntax', message: `${path}: ${what}` } };
  }
  const versionProblem = checkVersion(path, raw);
  if (versionProblem) return { ok: false, problem: versionProblem };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problem: { file: path, kind: 'schema', message: `${path}: ${describeZodError(parsed.error)}` },
    };
  }
  return { ok: true, value: parsed.data };
}

/** Every file carries `version`; a newer one than we know is reported, never guessed at. */
export const SUPPORTED_VERSION = 1;

export function checkVersion(path: string, raw: unknown): FileProblem | undefined {
  if (raw && typeof raw === 'object' && 'version' in raw) {
    const v = (raw as { version: unknown }).version;
    if (typeof v === 'number' && v > SUPPORTED_VERSION) {
      return {
        file: path,
        kind: 'version',
        message: `${path}: version ${v} is newer than this overseer understands (${SUPPORTED_VERSION}); upgrade overseer`,
      };
    }
  }
  return undefined;
}

/** Read and validate, throwing an OverseerError that names the file and field. */
export function readJson<S extends z.ZodType>(path: string, schema: S): z.infer<S> {
  const r = tryReadJson(path, schema);
  if (!r.ok) throw new OverseerError(`file-${r.problem.kind}`, r.problem.message);
  return r.value;
}
