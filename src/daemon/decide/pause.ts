import { pausedBy } from '../../town/pause.js';
import type { Action } from '../actions.js';
import type { DaemonSnapshot } from '../snapshot.js';

/** Actions that start, restart or poke a session: what an emergency stop's pause holds back. */
const STARTS: ReadonlySet<Action['kind']> = new Set([
  'spawn',
  'respawn',
  'cycle',
  'nudge',
  'respawn-manager',
  'poke-manager',
]);

/** A filter dropping the session starts of paused rigs (all of them when the town is paused). */
export function withoutPausedStarts(snap: DaemonSnapshot): (actions: Action[]) => Action[] {
  const pause = snap.paused;
  if (!pause || (!pause.all && Object.keys(pause.rigs).length === 0)) return (a) => a;
  return (actions) =>
    actions.filter((a) => !(STARTS.has(a.kind) && 'rig' in a && pausedBy(pause, a.rig) !== undefined));
}
