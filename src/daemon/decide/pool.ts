import type { Action } from '../actions.js';
import type { DaemonSnapshot } from '../snapshot.js';

/**
 * Warm worktree pools: a rig whose pool holds fewer (or more) ready
 * worktrees than its `warm_worktrees` gets a refill. Pure.
 */
export function decidePool(snap: DaemonSnapshot): Action[] {
  const out: Action[] = [];
  for (const rig of snap.rigs) {
    if (rig.pool === undefined) continue;
    const want = rig.config.warm_worktrees;
    if (rig.pool === want) continue;
    out.push({
      kind: 'pool-refill',
      rig: rig.name,
      have: rig.pool,
      want,
      reason: `pool holds ${rig.pool} warm worktree(s), warm_worktrees is ${want}`,
    });
  }
  return out;
}
