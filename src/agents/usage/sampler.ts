import { z } from 'zod';
import { JsonlLog, EMPTY_CURSOR } from '../../core/jsonl-log.js';
import {
  addModelTokens,
  addTokens,
  type FileCursor,
  type PolecatUsage,
  type Tokens,
} from '../../town/schemas/usage.js';
import { locateRecords } from './locate.js';
import { usageOfLine, type UsageReader } from './records.js';

/**
 * Reads a polecat's new token usage from its agent CLI's own record files,
 * from the offsets saved in its usage entry: a pass over an idle agent costs
 * a directory listing and one stat per file, never a re-read of a transcript
 * (which can reach hundreds of MB).
 */

/** Bytes read from one file per pass: a huge backlog is caught up over a few passes. */
export const MAX_BYTES_PER_PASS = 8 << 20;

/** Ids remembered per file: a CLI writes a reply again only shortly after (its next content block). */
const RECENT_IDS = 64;

const AnyLine = z.unknown();

export type SampleInput = {
  reader: UsageReader;
  env: NodeJS.ProcessEnv;
  worktree: string;
  bornMs: number;
  nowMs: number;
  /** Codex rollouts' working directories, kept across passes by a long-lived sampler. */
  codexCwd?: Map<string, string>;
  maxBytes?: number;
  /** Files another (live) polecat of the same worktree path reads: not this one's. */
  claimed?: ReadonlySet<string>;
};

const dayOf = (at: string | undefined, nowMs: number): string => {
  const t = at ? Date.parse(at) : NaN;
  return new Date(Number.isNaN(t) ? nowMs : t).toISOString().slice(0, 10);
};

function count(entry: PolecatUsage, model: string, day: string, t: Tokens, sign: 1 | -1): void {
  const signed = sign === 1 ? t : addTokens({ input: 0, output: 0, cache_read: 0, cache_write: 0 }, t, -1);
  addModelTokens(entry.by_model, model, signed);
  const d = (entry.by_day[day] ??= {});
  addModelTokens(d, model, signed);
}

/** Read what was added to one file since its cursor into `entry`; true when anything was counted. */
function readFile(entry: PolecatUsage, path: string, input: SampleInput): boolean {
  const before = entry.files[path];
  const start: FileCursor = before ?? { ...EMPTY_CURSOR, recent: [] };
  const chunk = new JsonlLog(path, AnyLine).readFrom(start, input.maxBytes ?? MAX_BYTES_PER_PASS);
  const cursor: FileCursor = {
    ...(chunk.reset ? { recent: [] } : start),
    offset: chunk.cursor.offset,
    ino: chunk.cursor.ino,
    line: chunk.cursor.line,
    ...(chunk.cursor.head !== undefined ? { head: chunk.cursor.head } : {}),
    ...(chunk.cursor.tail !== undefined ? { tail: chunk.cursor.tail } : {}),
  };
  if (chunk.reset) {
    delete cursor.total;
    delete cursor.model;
  }
  let counted = false;
  for (const raw of chunk.records) {
    const rec = usageOfLine(input.reader, raw, cursor);
    if (!rec) continue;
    const model = rec.model ?? cursor.model ?? 'unknown';
    const day = dayOf(rec.at, input.nowMs);
    if (rec.id !== undefined) {
      const i = cursor.recent.findIndex((r) => r[0] === rec.id);
      if (i >= 0) {
        const [, t, m, d] = cursor.recent[i]!;
        count(entry, m, d, t, -1);
        cursor.recent.splice(i, 1);
      }
      cursor.recent.push([rec.id, rec.tokens, model, day]);
      if (cursor.recent.length > RECENT_IDS) cursor.recent.shift();
    }
    count(entry, model, day, rec.tokens, 1);
    counted = true;
  }
  const moved = !before || before.offset !== cursor.offset || before.ino !== cursor.ino;
  entry.files[path] = cursor;
  return counted || moved;
}

/**
 * One pass for one polecat: find its record files, read each from its
 * cursor. Mutates `entry` (cursors, totals, note); returns whether it changed.
 */
export function sampleUsage(entry: PolecatUsage, input: SampleInput): boolean {
  const found = locateRecords(
    input.reader,
    input.env,
    input.worktree,
    input.bornMs,
    input.nowMs,
    input.codexCwd,
  );
  let changed = false;
  for (const f of new Set([...Object.keys(entry.files), ...found.files]))
    changed = readFile(entry, f, input) || changed;
  const note = Object.keys(entry.files).length === 0 ? (found as { note?: string }).note : undefined;
  if (note !== entry.note) {
    if (note === undefined) delete entry.note;
    else entry.note = note;
    changed = true;
  }
  return changed;
}
