import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { OverseerError } from './errors.js';
import { checkVersion } from './json-file.js';
import { describeZodError } from './zod-errors.js';
import { FileMemo } from './file-memo.js';

/**
 * Operator-edited YAML in <town>/config/. A missing file means "use the
 * defaults"; a broken one is an error naming the file and the field.
 */
export type YamlResult<T> = { ok: true; value: T; missing: boolean } | { ok: false; message: string };

/** Per schema: a file unchanged since the last read is not parsed again. */
const memos = new WeakMap<z.ZodType, FileMemo<YamlResult<unknown>>>();

export function tryReadYamlConfig<S extends z.ZodType>(path: string, schema: S): YamlResult<z.infer<S>> {
  let memo = memos.get(schema);
  if (!memo) memos.set(schema, (memo = new FileMemo()));
  const r = memo.get(path, () => readYamlNow(path, schema));
  // A copy of the value: a caller changing what it got leaves the remembered one alone.
  return r.ok ? { ...r, value: structuredClone(r.value) as z.infer<S> } : r;
}

function readYamlNow<S extends z.ZodType>(path: string, schema: S): YamlResult<z.infer<S>> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      const parsed = schema.safeParse({});
      if (parsed.success) return { ok: true, value: parsed.data, missing: true };
      return { ok: false, message: `${path}: file is missing` };
    }
    return { ok: false, message: `${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})` };
  }
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (e) {
    return { ok: false, message: `${path}: not valid YAML (${(e as Error).message.split('\n')[0]})` };
  }
  const v = checkVersion(path, raw);
  if (v) return { ok: false, message: v.message };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: `${path}: ${describeZodError(parsed.error)}` };
  return { ok: true, value: parsed.data, missing: false };
}

export function readYamlConfig<S extends z.ZodType>(path: string, schema: S): z.infer<S> {
  const r = tryReadYamlConfig(path, schema);
  if (!r.ok) throw new OverseerError('bad-config', r.message);
  return r.value;
}
