import { otherKey } from './beads-import.js';
import { toWire } from './beads-record.js';
import type { IssueMap } from './issue-map.js';
import type { Bead } from './schemas/bead.js';

/**
 * A rig's log as current bd exports it (`bd export`): one issue a line,
 * tagged `"_type":"issue"` first, the issue's own fields as they are stored
 * (unknown ones too), then the counts bd adds (dependency_count,
 * dependent_count, comment_count); tombstones after the live issues; other
 * records (memories) last, one per key. `bd import` reads it back.
 */
export function exportLines(issues: IssueMap, others: readonly Record<string, unknown>[]): string[] {
  const all: Bead[] = [...issues.values(), ...issues.deleted.values()];
  const dependents = new Map<string, number>();
  for (const b of all)
    for (const d of b.dependencies)
      dependents.set(d.depends_on_id, (dependents.get(d.depends_on_id) ?? 0) + 1);
  const lines: string[] = [];
  for (const b of all) {
    const wire: Record<string, unknown> = { _type: 'issue', ...toWire(b) };
    wire.dependency_count = b.dependencies.length;
    wire.dependent_count = dependents.get(b.id) ?? 0;
    wire.comment_count = b.comments?.length ?? 0;
    lines.push(JSON.stringify(wire));
  }
  const byKey = new Map<string, Record<string, unknown>>();
  for (const o of others) if (!('_schema' in o)) byKey.set(otherKey(o), o);
  for (const o of byKey.values()) lines.push(JSON.stringify(o));
  return lines;
}
