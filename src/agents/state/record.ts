import { nowIso } from '../../core/time.js';
import type { PolecatState } from '../../town/schemas/polecat.js';
import type { DerivedState, HookSignal } from './derive.js';

/** The last hook signal, kept in the polecat state file next to the state it set. */
export type WithHook = PolecatState & { hook?: HookSignal };

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
