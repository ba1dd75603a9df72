import { isDeepStrictEqual } from 'node:util';
import { OverseerError } from '../core/errors.js';
import { compareIso } from '../core/time.js';
import { classifyBeadLine, toWire } from './beads-record.js';
import type { IssueMap } from './issue-map.js';
import type { Bead } from './schemas/bead.js';

/**
 * `overseer issue import`: a bd export into a rig's log. Pure parts here
 * (read the export, decide what changes); the command wires them to a rig.
 */

export type ParsedExport = { issues: Bead[]; others: Record<string, unknown>[] };

/** Read a bd export: every line must be a beads record, else nothing is imported. */
export function parseExport(text: string, source: string): ParsedExport {
  const issues: Bead[] = [];
  const others: Record<string, unknown>[] = [];
  const bad: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      bad.push(`${source}:${i + 1}: not valid JSON`);
      continue;
    }
    const c = classifyBeadLine(raw);
    if (c.kind === 'invalid') bad.push(`${source}:${i + 1}: not a beads record: ${c.message}`);
    else if (c.kind === 'other') {
      if (!('_schema' in c.record)) others.push(c.record);
    } else {
      issues.push(c.bead);
    }
  }
  if (bad.length > 0) {
    const shown = bad.slice(0, 5).join('; ') + (bad.length > 5 ? ` (and ${bad.length - 5} more)` : '');
    throw new OverseerError('bad-import', `nothing imported: ${shown}`);
  }
  return { issues, others };
}

export type ImportChange =
  | { id: string; action: 'create'; title: string }
  | { id: string; action: 'update'; title: string; fields: string[] }
  | { id: string; action: 'unchanged' }
  | { id: string; action: 'older' };

export type ImportPlan = {
  changes: ImportChange[];
  /** Whole records to append, in file order. */
  records: Bead[];
  others: Record<string, unknown>[];
};

/**
 * Upsert by id: a new id is created; a known one is replaced unless the
 * incoming record is older (`updated_at`) or identical. Tombstones count as
 * records (a newer one deletes the issue). Importing the same export twice
 * changes nothing the second time.
 */
export function planImport(
  current: IssueMap,
  currentOthers: readonly Record<string, unknown>[],
  incoming: ParsedExport,
): ImportPlan {
  const seen = new Map<string, Bead>();
  const changes: ImportChange[] = [];
  const records: Bead[] = [];
  for (const b of incoming.issues) {
    const old = seen.get(b.id) ?? current.get(b.id) ?? current.deleted.get(b.id);
    if (old === undefined) {
      changes.push({ id: b.id, action: 'create', title: b.title });
    } else if (compareIso(b.updated_at, old.updated_at) < 0) {
      changes.push({ id: b.id, action: 'older' });
      continue;
    } else {
      const fields = changedFields(old, b);
      if (fields.length === 0) {
        changes.push({ id: b.id, action: 'unchanged' });
        continue;
      }
      changes.push({ id: b.id, action: 'update', title: b.title, fields });
    }
    seen.set(b.id, b);
    records.push(b);
  }
  const have = new Map(currentOthers.map((o) => [otherKey(o), o]));
  const others: Record<string, unknown>[] = [];
  for (const o of incoming.others) {
    const k = otherKey(o);
    if (isDeepStrictEqual(have.get(k), o)) continue;
    have.set(k, o);
    others.push(o);
  }
  return { changes, records, others };
}

/** Top-level fields whose values differ, as written (omitted defaults and bd's envelope are no difference). */
export function changedFields(a: Bead, b: Bead): string[] {
  const wa = toWire(a);
  const wb = toWire(b);
  if (JSON.stringify(wa) === JSON.stringify(wb)) return [];
  const keys = new Set([...Object.keys(wa), ...Object.keys(wb)]);
  const out: string[] = [];
  for (const k of keys) if (!isDeepStrictEqual(wa[k], wb[k])) out.push(k);
  return out.sort();
}

/** bd's memories are keyed by `key`; other non-issue records by their whole content. */
export function otherKey(o: Record<string, unknown>): string {
  return typeof o.key === 'string' ? `${String(o._type)}\u0000${o.key}` : JSON.stringify(o);
}
