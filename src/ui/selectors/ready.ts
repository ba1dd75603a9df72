import { cleanLine as sanitizeLine } from './clean.js';
import type { Bead } from '../../town/schemas/bead.js';
import { byPriorityThenAge, readyWork } from '../../town/ready.js';
import type { StoreSnapshot } from '../../store/types.js';
import { memoOn } from './memo.js';

export type ReadyRow = {
  key: string;
  id: string;
  rig: string;
  title: string;
  priority: number;
  type: string;
  labels: string[];
  created_at: string;
};

// Rows of one rig, recomputed only when that rig's issues change (not on a polecat write).
const rowsOfRig = new WeakMap<ReadonlyMap<string, Bead>, { rig: string; rows: ReadyRow[] }>();
function readyRowsOf(rig: string, issues: ReadonlyMap<string, Bead>): ReadyRow[] {
  const hit = rowsOfRig.get(issues);
  if (hit && hit.rig === rig) return hit.rows;
  const rows = readyWork(issues as Map<string, Bead>).map((b) => ({
    key: b.id,
    id: b.id,
    rig,
    title: sanitizeLine(b.title, 200),
    priority: b.priority,
    type: sanitizeLine(b.issue_type, 30),
    labels: b.labels.length ? b.labels.map((l) => sanitizeLine(l, 40)) : [],
    created_at: b.created_at,
  }));
  rowsOfRig.set(issues, { rig, rows });
  return rows;
}

let last: { parts: ReadyRow[][]; out: ReadyRow[] } | undefined;

const readyAll = memoOn((rigs: StoreSnapshot['rigs']): ReadyRow[] => {
  const parts = rigs.map((r) => readyRowsOf(r.name, r.issues));
  if (last && last.parts.length === parts.length && last.parts.every((p, i) => p === parts[i]))
    return last.out;
  const out = parts.length === 1 ? parts[0]! : parts.flat().sort(byPriorityThenAge);
  last = { parts, out };
  return out;
});

/** Ready work of every rig (beads semantics), highest priority then oldest first. */
export function selectReady(snap: StoreSnapshot): ReadyRow[] {
  return readyAll(snap.rigs);
}
