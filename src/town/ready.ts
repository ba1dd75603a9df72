import type { Bead } from './schemas/bead.js';

/**
 * Ready work, beads semantics: open, not blocked, highest priority (0) first,
 * then oldest. An issue is blocked when a `blocks` dependency points at an
 * issue that is not closed, or when its parent (`parent-child`) is itself
 * blocked. Epics, mail and merge requests are containers or records, not
 * work a polecat can take, so they are never ready.
 */
export function readyWork(issues: Map<string, Bead>, opts: { includeEpics?: boolean } = {}): Bead[] {
  const blocked = blockedSet(issues);
  const out: Bead[] = [];
  for (const b of issues.values()) {
    if (b.status !== 'open') continue;
    if (b.issue_type === 'message' || b.issue_type === 'merge-request') continue;
    if (b.issue_type === 'epic' && !opts.includeEpics) continue;
    if (blocked.has(b.id)) continue;
    out.push(b);
  }
  out.sort(
    (a, b) => a.priority - b.priority || a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id),
  );
  return out;
}

/** Ids of issues blocked directly or through their parent chain. */
export function blockedSet(issues: Map<string, Bead>): Set<string> {
  // Parents' verdicts are memoized; a (corrupt) parent cycle ends at MAX_DEPTH as "not blocked".
  const memo = new Map<string, boolean>();
  const isBlocked = (b: Bead, depth: number): boolean => {
    let hasParent = false;
    for (const d of b.dependencies) {
      if (d.type === 'blocks') {
        const target = issues.get(d.depends_on_id);
        if (target !== undefined && target.status !== 'closed') return true;
      } else if (d.type === 'parent-child') hasParent = true;
    }
    if (!hasParent || depth >= MAX_DEPTH) return false;
    for (const d of b.dependencies) {
      if (d.type !== 'parent-child') continue;
      let verdict = memo.get(d.depends_on_id);
      if (verdict === undefined) {
        const parent = issues.get(d.depends_on_id);
        verdict = parent !== undefined && isBlocked(parent, depth + 1);
        memo.set(d.depends_on_id, verdict);
      }
      if (verdict) return true;
    }
    return false;
  };
  const out = new Set<string>();
  for (const b of issues.values()) {
    if (b.dependencies.length > 0 && isBlocked(b, 0)) out.add(b.id);
  }
  return out;
}

const MAX_DEPTH = 64;

/** Open `blocks` dependencies of one issue: what it waits for. */
export function openBlockers(issue: Bead, issues: Map<string, Bead>): string[] {
  return issue.dependencies
    .filter(
      (d) =>
        d.type === 'blocks' &&
        issues.get(d.depends_on_id)?.status !== 'closed' &&
        issues.has(d.depends_on_id),
    )
    .map((d) => d.depends_on_id);
}

/** Priority 0 first, then oldest; ids break ties. ISO timestamps compare as strings. */
export function byPriorityThenAge(a: Bead, b: Bead): number {
  if (a.priority !== b.priority) return a.priority - b.priority;
  if (a.created_at !== b.created_at) return a.created_at < b.created_at ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
