import type { FileChange, OverlapClass, PairFile } from '../town/schemas/oracle.js';

/**
 * The merge oracle's one decision, pure: given what two branches change
 * against main (files, and hunks in main's line numbers), how do they
 * overlap? Per shared file, and for the pair as its most serious file:
 *
 *   disjoint           no file in common
 *   different-regions  same file, hunks separated by at least one untouched line
 *   rename             a file one of them renames is touched by the other
 *   same-region        hunks that overlap or touch (git conflicts on these),
 *                      both add the same path, or a binary file both change
 *   delete-modify      one deletes a file the other changes
 */

export const SEVERITY: Record<OverlapClass, number> = {
  disjoint: 0,
  'different-regions': 1,
  rename: 2,
  'same-region': 3,
  'delete-modify': 4,
};

/** Classes the operator is asked about (attention); the others are quiet events. */
export const ATTENTION_CLASSES: ReadonlySet<OverlapClass> = new Set(['same-region', 'delete-modify']);

export function worse(a: OverlapClass, b: OverlapClass): OverlapClass {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

/**
 * A hunk as a span of main's lines. A change of lines s..e is [s, e]; an
 * insertion after line a (count 0) sits between lines: [a+0.5, a+0.5].
 */
type Span = { lo: number; hi: number };

function spans(f: FileChange): Span[] {
  return f.hunks.map(([start, count]) =>
    count === 0 ? { lo: start + 0.5, hi: start + 0.5 } : { lo: start, hi: start + count - 1 },
  );
}

/** Git merges two changes cleanly only when at least one untouched line separates them. */
export function spansTouch(x: Span, y: Span): boolean {
  const [first, second] = x.lo <= y.lo ? [x, y] : [y, x];
  if (second.lo <= first.hi) return true;
  return Math.ceil(second.lo) - Math.floor(first.hi) - 1 <= 0;
}

/** Paths of main a change touches (a rename touches its old and its new path). */
export function touchedPaths(f: FileChange): string[] {
  return f.old_path ? [f.old_path, f.path] : [f.path];
}

function lineSpan(xs: Span[]): [number, number] {
  const lo = Math.max(1, Math.floor(Math.min(...xs.map((s) => s.lo))));
  const hi = Math.max(lo, Math.floor(Math.max(...xs.map((s) => s.hi))));
  return [lo, hi];
}

/** Two changes that touch a common path of main. */
export function classifyFile(a: FileChange, b: FileChange): PairFile {
  const path = a.old_path ?? a.path;
  if (a.status === 'renamed' || b.status === 'renamed') {
    const r = a.status === 'renamed' ? a : b;
    return { path: r.old_path ?? r.path, class: 'rename', detail: `renamed to ${r.path}` };
  }
  const del = (x: FileChange) => x.status === 'deleted';
  if (del(a) && del(b)) return { path, class: 'different-regions', detail: 'both delete it' };
  if (del(a) || del(b)) return { path, class: 'delete-modify', detail: 'deleted on one side' };
  if (a.status === 'added' || b.status === 'added')
    return {
      path,
      class: 'same-region',
      detail: a.status === b.status ? 'both add it' : 'added on one side',
    };
  if (a.binary || b.binary) return { path, class: 'same-region', detail: 'binary file' };
  const sa = spans(a);
  const sb = spans(b);
  const hit: Span[] = [];
  for (const x of sa) for (const y of sb) if (spansTouch(x, y)) hit.push(x, y);
  if (hit.length > 0) return { path, class: 'same-region', lines: lineSpan(hit) };
  if (sa.length === 0 || sb.length === 0)
    return { path, class: 'different-regions', detail: 'mode change only' };
  return { path, class: 'different-regions' };
}

export type PairClassification = { class: OverlapClass; files: PairFile[] };

/** Every file two branches both touch, classified; the pair takes its most serious class. */
export function classifyPair(a: readonly FileChange[], b: readonly FileChange[]): PairClassification {
  const byPath = new Map<string, FileChange[]>();
  for (const f of b)
    for (const p of touchedPaths(f)) {
      const list = byPath.get(p);
      if (list) list.push(f);
      else byPath.set(p, [f]);
    }
  const files: PairFile[] = [];
  const seen = new Set<FileChange>();
  let cls: OverlapClass = 'disjoint';
  for (const fa of a) {
    seen.clear();
    for (const p of touchedPaths(fa)) {
      for (const fb of byPath.get(p) ?? []) {
        if (seen.has(fb)) continue;
        seen.add(fb);
        const r = classifyFile(fa, fb);
        files.push(r);
        cls = worse(cls, r.class);
      }
    }
  }
  files.sort((x, y) => SEVERITY[y.class] - SEVERITY[x.class] || x.path.localeCompare(y.path));
  return { class: cls, files };
}
