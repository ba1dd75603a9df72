import { isoKey } from '../core/time.js';
import { gapsOf, type IssueGaps } from './issue-map.js';
import type { Bead } from './schemas/bead.js';

/**
 * Ready work with bd's semantics (docs/beads.md has the rules, rule by rule):
 *
 * - R1 only `open` issues;
 * - R2 never records or machinery (merge-request, gate, molecule, message,
 *   agent, role, rig), pinned or ephemeral issues — and, in Overseer, epics:
 *   containers, not work a polecat can take;
 * - R3 not deferred: no `defer_until` in the future, on the issue or on its
 *   parent;
 * - R4 not blocked: no active `blocks`/`conditional-blocks` target, no open
 *   child left under a `waits-for` spawner, no blocked parent (`parent-child`),
 *   transitively. Active means not closed and not pinned; a deleted
 *   (tombstoned) blocker is gone;
 * - R5 (Overseer) a blocker that is missing or whose latest line cannot be
 *   read blocks, and an unreadable issue is never ready itself;
 * - R6 highest priority (0) first, then oldest, then id.
 */

/** Issue types bd never offers as ready work. */
export const NOT_WORK_TYPES: ReadonlySet<string> = new Set([
  'merge-request',
  'gate',
  'molecule',
  'message',
  'agent',
  'role',
  'rig',
]);

export type ReadyOptions = { includeEpics?: boolean; now?: number };

export function readyWork(issues: ReadonlyMap<string, Bead>, opts: ReadyOptions = {}): Bead[] {
  const gaps = gapsOf(issues);
  const now = opts.now ?? Date.now();
  const blocked = blockedSet(issues);
  const out: Bead[] = [];
  for (const b of issues.values()) {
    if (b.status !== 'open') continue;
    if (NOT_WORK_TYPES.has(b.issue_type)) continue;
    if (b.issue_type === 'epic' && !opts.includeEpics) continue;
    if (b.pinned === true || b.ephemeral === true || b.wisp === true) continue;
    if (blocked.has(b.id) || gaps.unreadable.has(b.id)) continue;
    if (b.defer_until && deferred(b, now)) continue;
    if (b.dependencies.length > 0 && parentDeferred(b, issues, now)) continue;
    out.push(b);
  }
  return sortByPriorityThenAge(out);
}

/** Closed and pinned issues never block; every other status does (custom ones too). */
export function isActive(b: Bead): boolean {
  return b.status !== 'closed' && b.status !== 'pinned';
}

function deferred(b: Bead, now: number): boolean {
  const t = Date.parse(b.defer_until!);
  return !Number.isNaN(t) && t > now;
}

function parentDeferred(b: Bead, issues: ReadonlyMap<string, Bead>, now: number): boolean {
  for (const d of b.dependencies) {
    if (d.type !== 'parent-child') continue;
    const p = issues.get(d.depends_on_id);
    if (p?.defer_until && deferred(p, now)) return true;
  }
  return false;
}

/** Does the issue `id` hold up what depends on it? Missing and unreadable ones do (R5). */
function holds(id: string, issues: ReadonlyMap<string, Bead>, gaps: IssueGaps): boolean {
  if (gaps.unreadable.has(id)) return true;
  const t = issues.get(id);
  if (t !== undefined) return isActive(t);
  return !gaps.deleted.has(id);
}

/** Ids of active issues blocked directly or through their parents (bd's is_blocked). */
export function blockedSet(issues: ReadonlyMap<string, Bead>): Set<string> {
  const gaps = gapsOf(issues);
  const blocked = new Set<string>();
  let children: Map<string, string[]> | undefined;
  let waits: { issue: Bead; spawner: string; anyChild: boolean }[] | undefined;
  for (const b of issues.values()) {
    const deps = b.dependencies;
    if (deps.length === 0) continue;
    const active = isActive(b);
    for (const d of deps) {
      const type = d.type;
      if (type === 'blocks' || type === 'conditional-blocks') {
        if (active && holds(d.depends_on_id, issues, gaps)) blocked.add(b.id);
      } else if (type === 'parent-child') {
        children ??= new Map();
        const list = children.get(d.depends_on_id);
        if (list) list.push(b.id);
        else children.set(d.depends_on_id, [b.id]);
        const parent = d.depends_on_id;
        if (active && (gaps.unreadable.has(parent) || (!issues.has(parent) && !gaps.deleted.has(parent))))
          blocked.add(b.id);
      } else if (type === 'waits-for' && active) {
        (waits ??= []).push({ issue: b, spawner: d.depends_on_id, anyChild: anyChildrenGate(d.metadata) });
      }
    }
  }
  for (const w of waits ?? []) {
    if (blocked.has(w.issue.id)) continue;
    if (waitsForBlocks(w.spawner, w.anyChild, children, issues, gaps)) blocked.add(w.issue.id);
  }
  if (children && blocked.size > 0) {
    // A blocked issue blocks its active children, and theirs (a fixpoint: cycles end).
    const queue = [...blocked];
    for (let i = 0; i < queue.length; i++) {
      for (const c of children.get(queue[i]!) ?? []) {
        if (blocked.has(c)) continue;
        const child = issues.get(c);
        if (child && isActive(child)) {
          blocked.add(c);
          queue.push(c);
        }
      }
    }
  }
  return blocked;
}

/** bd keeps a waits-for gate in the dependency's metadata: `{"gate":"any-children"}`, else all. */
function anyChildrenGate(metadata: string | undefined): boolean {
  if (!metadata || !metadata.includes('any-children')) return false;
  try {
    return (JSON.parse(metadata) as { gate?: unknown }).gate === 'any-children';
  } catch {
    return false;
  }
}

/**
 * A waits-for gate on `spawner`: all-children blocks while any child of the
 * spawner is active; any-children blocks until one child closes. A missing
 * or unreadable spawner blocks (R5).
 */
function waitsForBlocks(
  spawner: string,
  anyChild: boolean,
  children: Map<string, string[]> | undefined,
  issues: ReadonlyMap<string, Bead>,
  gaps: IssueGaps,
): boolean {
  if (gaps.unreadable.has(spawner) || (!issues.has(spawner) && !gaps.deleted.has(spawner))) return true;
  let activeChild = false;
  for (const c of children?.get(spawner) ?? []) {
    const child = issues.get(c);
    if (!child) continue;
    if (anyChild && child.status === 'closed') return false;
    if (isActive(child) || gaps.unreadable.has(c)) activeChild = true;
  }
  return activeChild;
}

/** Blocking dependencies of one issue that still hold: what it waits for. */
export function openBlockers(issue: Bead, issues: ReadonlyMap<string, Bead>): string[] {
  const gaps = gapsOf(issues);
  return issue.dependencies
    .filter(
      (d) => (d.type === 'blocks' || d.type === 'conditional-blocks') && holds(d.depends_on_id, issues, gaps),
    )
    .map((d) => d.depends_on_id);
}

type Ordered = Pick<Bead, 'id' | 'priority' | 'created_at'>;

/** R6: priority 0 first, then oldest (by time, whatever the offset), then id. */
export function byPriorityThenAge(a: Ordered, b: Ordered): number {
  if (a.priority !== b.priority) return a.priority - b.priority;
  if (a.created_at !== b.created_at) {
    const ka = isoKey(a.created_at);
    const kb = isoKey(b.created_at);
    if (ka !== kb) return ka < kb ? -1 : 1;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * R6 for a whole list. Overseer's own timestamps (`toISOString()`) order as
 * text; bd's (offsets, microseconds) are parsed once each, not per comparison.
 */
export function sortByPriorityThenAge<T extends Bead>(list: T[]): T[] {
  if (list.every((b) => isCanonicalIso(b.created_at))) return list.sort(byPriorityThenAge);
  const keyed = list.map((b) => ({ b, ms: msOf(b.created_at), fine: finerDigits(b.created_at) }));
  keyed.sort((x, y) => {
    if (x.b.priority !== y.b.priority) return x.b.priority - y.b.priority;
    if (x.ms !== y.ms) return x.ms - y.ms;
    if (x.fine !== y.fine) return x.fine < y.fine ? -1 : 1;
    return x.b.id < y.b.id ? -1 : x.b.id > y.b.id ? 1 : 0;
  });
  for (let i = 0; i < keyed.length; i++) list[i] = keyed[i]!.b;
  return list;
}

function isCanonicalIso(s: string): boolean {
  return s.length === 24 && s.charCodeAt(23) === 90 && s.charCodeAt(19) === 46;
}

function msOf(s: string): number {
  const t = Date.parse(s);
  return Number.isNaN(t) ? Number.MAX_SAFE_INTEGER : t;
}

/** Fraction digits past the millisecond, trailing zeros dropped ("" when none). */
function finerDigits(s: string): string {
  const dot = s.indexOf('.', 19);
  if (dot < 0) return '';
  let end = dot + 1;
  while (end < s.length && s.charCodeAt(end) >= 48 && s.charCodeAt(end) <= 57) end++;
  return end - dot - 1 > 3 ? s.slice(dot + 4, end).replace(/0+$/, '') : '';
}
