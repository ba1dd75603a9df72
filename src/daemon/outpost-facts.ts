import type { OutpostSync } from '../polecats/outpost/sync.js';
import { loadOutposts } from '../town/outposts.js';
import { readOutpostStatus } from '../town/outposts.js';
import type { Town } from '../town/town.js';
import type { OutpostFact } from './snapshot.js';

/** The tick's outposts for the decisions, in policy.preference order (others after): reached or not, free slots. */
export function outpostFacts(town: Town, synced: OutpostSync[]): OutpostFact[] {
  const file = loadOutposts(town.paths);
  const rank = (n: string) => {
    const i = file.policy.preference.indexOf(n);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const inPolicy = new Set(file.policy.preference);
  return synced
    .map((o) => {
      const st = readOutpostStatus(town.paths, o.name);
      const free = inPolicy.has(o.name) && st ? Math.max(0, st.max_workers - st.slots_used) : 0;
      return { name: o.name, reachable: o.reachable, free };
    })
    .sort((a, b) => rank(a.name) - rank(b.name));
}
