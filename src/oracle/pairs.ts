import type { OracleBranch, OraclePair, PairFile } from '../town/schemas/oracle.js';
import { classifyPair, touchedPaths } from './classify.js';

/**
 * All overlapping pairs among the followed branches (disjoint ones are left
 * out), pure. Only branches sharing a path are compared, so 50 branches
 * that mostly touch different files cost a few comparisons, not 1,225.
 * A pair keeps its `since` while its class stays the same.
 */
export function computePairs(
  branches: Record<string, OracleBranch>,
  previous: readonly OraclePair[],
  nowIso: string,
): OraclePair[] {
  const byPath = new Map<string, string[]>();
  const names = Object.keys(branches).sort();
  for (const name of names)
    for (const f of branches[name]!.files)
      for (const p of touchedPaths(f)) {
        const list = byPath.get(p);
        if (!list) byPath.set(p, [name]);
        else if (list.at(-1) !== name) list.push(name);
      }
  const candidates = new Set<string>();
  for (const list of byPath.values())
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) candidates.add(pairKey(list[i]!, list[j]!));
  const prev = new Map(previous.map((p) => [p.key, p]));
  const out: OraclePair[] = [];
  for (const key of [...candidates].sort()) {
    const [a, b] = key.split('|') as [string, string];
    const ba = branches[a]!;
    const bb = branches[b]!;
    const r = classifyPair(ba.files, bb.files);
    if (r.class === 'disjoint') continue;
    const old = prev.get(key);
    const later = ba.seen_at > bb.seen_at ? a : b;
    out.push({
      key,
      a,
      b,
      owners: [ba.owner, bb.owner],
      class: r.class,
      files: r.files,
      later,
      since: old && old.class === r.class ? old.since : nowIso,
      summary: pairSummary(ba.owner, bb.owner, r.class, r.files),
    });
  }
  return out;
}

export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

function lines(f: PairFile): string {
  if (!f.lines) return f.path;
  const [lo, hi] = f.lines;
  return lo === hi ? `${f.path} line ${lo}` : `${f.path} lines ${lo}–${hi}`;
}

/** One sentence for the attention queue and events: "nux and slit both change src/cart.ts lines 10–30". */
export function pairSummary(a: string, b: string, cls: string, files: readonly PairFile[]): string {
  const top = files[0];
  if (!top) return `${a} and ${b} do not overlap`;
  const more = files.length > 1 ? ` (and ${files.length - 1} more file${files.length > 2 ? 's' : ''})` : '';
  switch (cls) {
    case 'same-region':
      return `${a} and ${b} both change ${lines(top)}${top.detail ? ` (${top.detail})` : ''}${more}`;
    case 'delete-modify':
      return `${a} and ${b} collide on ${top.path}: one deletes it, the other changes it${more}`;
    case 'rename':
      return `${a} and ${b} both touch ${top.path}, which one of them ${top.detail ?? 'renames'}${more}`;
    default:
      return `${a} and ${b} change different parts of ${top.path}${more}`;
  }
}
