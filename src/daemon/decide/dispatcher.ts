import { resolveChain } from '../../escalation/chains.js';
import { readyWork } from '../../town/ready.js';
import { isSpawnable } from '../../town/schemas/bead.js';
import { isLive } from '../../town/schemas/polecat.js';
import type { Action } from '../actions.js';
import type { DaemonRig, DaemonSnapshot } from '../snapshot.js';
import { ms } from './common.js';
import { EXHAUSTED_LABEL } from './escalation.js';

/** Label an operator puts on an issue to keep the dispatcher off it. */
export const NO_DISPATCH_LABEL = 'no-dispatch';

/** Live polecats of the rig on this machine (an outpost's slots are its own). */
export function busyWorkers(rig: DaemonRig): number {
  return rig.polecats.filter((p) => isLive(p.state) && p.outpost === 'local').length;
}

/**
 * Dispatcher step, for rigs with `dispatch: true`: spawn ready issues in
 * priority order up to max_workers, worker_spawn_delay apart. Waves follow
 * from readiness: an issue becomes ready when its blockers close.
 */
export function decideDispatch(
  snap: DaemonSnapshot,
  now: number,
  pendingSpawns: Map<string, number> = new Map(),
): Action[] {
  const out: Action[] = [];
  // Free slots on reachable outposts, shared by the rigs: used when a rig's own are full (spawn places by preference).
  let outpostFree = (snap.outposts ?? []).reduce((n, o) => n + (o.reachable ? o.free : 0), 0);
  for (const rig of snap.rigs) {
    if (!rig.config.dispatch) continue;
    const pending = pendingSpawns.get(rig.name) ?? 0;
    let localFree = Math.max(0, rig.config.max_workers - busyWorkers(rig) - pending);
    let free = localFree + outpostFree;
    if (free <= 0) continue;
    const delayMs = rig.config.worker_spawn_delay * 1000;
    let lastSpawn = 0;
    for (const p of rig.polecats) lastSpawn = Math.max(lastSpawn, ms(p.created_at) ?? 0);
    for (const atts of rig.attempts.values())
      for (const a of atts) lastSpawn = Math.max(lastSpawn, ms(a.started_at) ?? 0);
    if (delayMs > 0 && now - lastSpawn < delayMs) continue;
    const taken = new Set(rig.polecats.map((p) => p.issue));
    for (const issue of readyWork(rig.issues)) {
      if (free <= 0) break;
      if (taken.has(issue.id) || rig.attempts.has(issue.id)) continue;
      if (
        !isSpawnable(issue.issue_type) ||
        issue.assignee ||
        issue.labels.includes(NO_DISPATCH_LABEL) ||
        issue.labels.includes(EXHAUSTED_LABEL)
      )
        continue;
      const chain = resolveChain(snap.chains, issue, {
        name: rig.name,
        default_agent: rig.config.default_agent,
      });
      out.push({
        kind: 'spawn',
        rig: rig.name,
        issue: issue.id,
        chain: chain.name,
        tier: chain.tiers[0]!,
        attempt: 1,
        reason:
          localFree > 0
            ? `ready (priority ${issue.priority}); ${rig.config.max_workers - localFree + 1} of ${rig.config.max_workers} workers`
            : `ready (priority ${issue.priority}); local slots full, to an outpost (policy.preference)`,
      });
      if (localFree > 0) localFree--;
      else outpostFree--;
      free--;
      // With a spawn delay, one spawn per tick; the next waits out the delay.
      if (delayMs > 0) break;
    }
  }
  return out;
}
