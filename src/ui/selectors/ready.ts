import { sanitizeLine } from '../../core/sanitize.js';
import type { Bead } from '../../town/schemas/bead.js';
import { readyWork } from '../../town/ready.js';
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

const readyOfRig = memoOn((issues: ReadonlyMap<string, Bead>): Bead[] =>
  readyWork(issues as Map<string, Bead>),
);

const readyAll = memoOn((rigs: StoreSnapshot['rigs']): ReadyRow[] => {
  const rows: ReadyRow[] = [];
  for (const rig of rigs) {
    for (const b of readyOfRig(rig.issues)) {
      rows.push({
        key: b.id,
        id: b.id,
        rig: rig.name,
        title: sanitizeLine(b.title, 200),
        priority: b.priority,
        type: b.issue_type,
        labels: b.labels.map((l) => sanitizeLine(l, 40)),
        created_at: b.created_at,
      });
    }
  }
  return rows.sort(
    (a, b) => a.priority - b.priority || a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id),
  );
});

/** Ready work of every rig (beads semantics), highest priority then oldest first. */
export function selectReady(snap: StoreSnapshot): ReadyRow[] {
  return readyAll(snap.rigs);
}
