import { withLock } from '../core/lock.js';
import { nowIso } from '../core/time.js';
import type { RigPaths } from '../town/paths.js';
import { readPolecat, writePolecat } from '../town/polecat-state.js';
import type { PolecatState } from '../town/schemas/polecat.js';
import type { DerivedState } from '../agents/state/derive.js';

/**
 * Read-modify-write of one polecat state file under its lock, so a hook's
 * signal and the daemon's refresh never overwrite each other. `fn` returns
 * the new state, or undefined to leave the file alone.
 */
export async function updatePolecat(
  rig: RigPaths,
  name: string,
  fn: (current: PolecatState) => PolecatState | undefined,
): Promise<PolecatState | undefined> {
  return withLock(rig.polecatState(name), async () => {
    const current = readPolecat(rig, name);
    if (!current) return undefined;
    const next = fn(current);
    if (next === undefined) return current;
    await writePolecat(rig, next);
    return next;
  });
}

/** The record with a new state; `state_since` moves only when the state itself changes. */
export function withState(p: PolecatState, d: DerivedState, now = nowIso()): PolecatState {
  return {
    ...p,
    state: d.state,
    state_source: d.source,
    state_reason: d.reason,
    state_since: p.state === d.state ? p.state_since : now,
  };
}

export function sameState(p: PolecatState, d: DerivedState): boolean {
  return p.state === d.state && p.state_source === d.source && p.state_reason === d.reason;
}
