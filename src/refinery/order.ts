import { SEVERITY } from '../oracle/classify.js';
import type { MergeRequest } from '../town/merge-requests.js';
import type { OraclePair } from '../town/schemas/oracle.js';

/**
 * The merge queue's order with the oracle, pure. Priority groups keep their
 * order; inside a group, requests that overlap no other queued request land
 * first (oldest first), then the overlapping ones one at a time, oldest
 * first: each is brought onto the main its predecessor produced, and a
 * predicted conflict goes back to its polecat before any test run. Every
 * place in the order comes with the reason recorded in the request's history.
 */

export type Placed = {
  mr: MergeRequest;
  /** Why it is where it is (for the history). */
  note: string;
  /** Queued (or just landed) requests whose branch overlaps this one's. */
  overlaps: string[];
};

export type OrderInput = {
  /** Processable requests in priority-then-age order. */
  queued: readonly MergeRequest[];
  pairs: readonly OraclePair[];
  /** Requests landed earlier in this run, by branch: an overlap with one of them is sequencing done. */
  landed?: ReadonlyMap<string, string>;
};

export function orderQueue(input: OrderInput): Placed[] {
  const byBranch = new Map<string, MergeRequest>();
  for (const m of input.queued) byBranch.set(m.mr.branch, m);
  const landed = input.landed ?? new Map<string, string>();
  // Overlaps among the queued requests (and with the ones that just landed).
  const links = new Map<string, { id: string; pair: OraclePair; landed: boolean }[]>();
  const link = (from: string, id: string, pair: OraclePair, wasLanded: boolean) => {
    const list = links.get(from) ?? [];
    list.push({ id, pair, landed: wasLanded });
    links.set(from, list);
  };
  for (const p of input.pairs) {
    if (p.class === 'disjoint') continue;
    const a = byBranch.get(p.a);
    const b = byBranch.get(p.b);
    if (a && b) {
      link(a.id, b.id, p, false);
      link(b.id, a.id, p, false);
    } else if (a && landed.has(p.b)) link(a.id, landed.get(p.b)!, p, true);
    else if (b && landed.has(p.a)) link(b.id, landed.get(p.a)!, p, true);
  }
  const groups = new Map<number, MergeRequest[]>();
  for (const m of input.queued) groups.set(m.priority, [...(groups.get(m.priority) ?? []), m]);
  const out: Placed[] = [];
  for (const prio of [...groups.keys()].sort((x, y) => x - y)) {
    const group = groups.get(prio)!;
    const pending = (m: MergeRequest) => (links.get(m.id) ?? []).filter((l) => !l.landed);
    const free = group.filter((m) => pending(m).length === 0);
    const tangled = group.filter((m) => pending(m).length > 0);
    for (const m of free) {
      const done = (links.get(m.id) ?? []).filter((l) => l.landed);
      const note =
        done.length > 0
          ? `sequenced after ${done.map((l) => l.id).join(', ')} (${worst(done).pair.summary}), which landed first; checked against the new main before testing`
          : tangled.length > 0
            ? `disjoint from the other queued requests: lands before the ${tangled.length} that overlap`
            : 'disjoint from the other queued requests';
      out.push({ mr: m, note, overlaps: done.map((l) => l.id) });
    }
    for (const m of tangled) {
      const ls = pending(m);
      const w = worst(ls);
      out.push({
        mr: m,
        note: `overlaps ${ls.map((l) => l.id).join(', ')} (${w.pair.class}: ${w.pair.summary}); sequenced after the disjoint requests, oldest first`,
        overlaps: ls.map((l) => l.id),
      });
    }
  }
  return out;
}

function worst<T extends { pair: OraclePair }>(ls: T[]): T {
  return ls.reduce((x, y) => (SEVERITY[y.pair.class] > SEVERITY[x.pair.class] ? y : x));
}
