import { join } from 'node:path';
import type { StoreSnapshot } from '../../store/types.js';
import { memoOn } from './memo.js';

export type CrewRow = { key: string; rig: string; name: string; path: string };

const rows = memoOn((snap: StoreSnapshot): CrewRow[] =>
  snap.rigs.flatMap((r) =>
    (r.crew ?? []).map((name) => ({
      key: `${r.name}/${name}`,
      rig: r.name,
      name,
      path: join(snap.root, r.name, 'crew', name),
    })),
  ),
);

/** Crew workspaces: the overseer's own clones, by rig. */
export function selectCrew(snap: StoreSnapshot): CrewRow[] {
  return rows(snap);
}
