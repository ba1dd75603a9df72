import { exportLines } from './beads-export.js';
import { parseExport, planImport, type ImportChange } from './beads-import.js';
import { checkPrefixesFree, learnPrefixes, prefixesToLearn } from './beads-prefix.js';
import type { Town } from './town.js';

export type ImportResult = {
  rig: string;
  source: string;
  dry_run: boolean;
  created: string[];
  updated: { id: string; fields: string[] }[];
  unchanged: number;
  /** Incoming records older than the rig's (kept ours). */
  older: string[];
  /** Non-issue records (bd memories) added. */
  others: number;
  /** Prefixes the rig's prefix table learned (or would learn). */
  learned: string[];
  changes: ImportChange[];
};

/**
 * Import a bd export (JSONL text) into a rig: upsert by id, newest
 * `updated_at` wins, idempotent. Ids with a prefix that is not the rig's keep
 * it, and the rig's prefix table learns it. Any bad line, or a prefix another
 * rig owns, refuses the whole import before anything is written.
 */
export async function importIssues(
  town: Town,
  rig: string,
  text: string,
  opts: { source: string; dryRun?: boolean },
): Promise<ImportResult> {
  const config = town.rig(rig);
  const incoming = parseExport(text, opts.source);
  const known = [config.beads.prefix, ...(config.beads.prefixes ?? [])];
  const learned = prefixesToLearn(
    incoming.issues.map((b) => b.id),
    known,
  );
  checkPrefixesFree(town, rig, learned);
  const log = town.rigBeads(rig);
  const plan = await log.mutate((current) => {
    const p = planImport(current, log.others(), incoming);
    if (!opts.dryRun) learnPrefixes(town, rig, learned);
    const records = opts.dryRun ? [] : [...p.records, ...p.others];
    return { records, result: p, validated: new Set<object>(p.records) };
  });
  const result: ImportResult = {
    rig,
    source: opts.source,
    dry_run: opts.dryRun === true,
    created: [],
    updated: [],
    unchanged: 0,
    older: [],
    others: plan.others.length,
    learned,
    changes: plan.changes,
  };
  for (const c of plan.changes) {
    if (c.action === 'create') result.created.push(c.id);
    else if (c.action === 'update') result.updated.push({ id: c.id, fields: c.fields });
    else if (c.action === 'older') result.older.push(c.id);
    else result.unchanged++;
  }
  return result;
}

/** The rig's issues in current bd's export format, one JSON object a line. */
export function exportIssues(town: Town, rig: string): string {
  const log = town.rigBeads(rig);
  const lines = exportLines(log.all(), log.others());
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}
