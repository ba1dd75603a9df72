import { formatAge } from '../../core/time.js';
import type { PolecatStateName } from '../../town/schemas/polecat.js';
import { excerpt, readScreen, tailLines, type StateRules } from './screen.js';

export { readScreen, type StateRules } from './screen.js';

/**
 * Which state a polecat is in, and why: a pure function of what was observed.
 * Sources, most precise first: lifecycle (done), the session itself (dead),
 * the last hook signal, the preset's patterns on the pane's last lines, pane
 * activity. Every answer carries its source and a reason an operator can read.
 */

export type StateSource = 'hook' | 'pattern' | 'activity' | 'lifecycle' | 'daemon' | 'operator';

export type DerivedState = { state: PolecatStateName; source: StateSource; reason: string };

export type HookSignal = { event: string; state: PolecatStateName; at: string; message?: string };

export type SessionObservation =
  | { kind: 'missing' }
  | { kind: 'dead'; exitStatus: number | null; exitSignal: number | null }
  | { kind: 'alive'; paneTail: string; activityAt: number };

export type StateInputs = {
  /** What the state file says now. */
  current: { state: PolecatStateName; source: StateSource; reason: string; since: string };
  createdAt: string;
  session: string;
  observed: SessionObservation;
  hook?: HookSignal;
  rules: StateRules;
  stuckAfterMs: number;
};

/** Output this recent counts as "working" when nothing more precise speaks. */
export const QUIET_MS = 60_000;
/** A hook older than pane output by more than this no longer describes the pane. */
const HOOK_GRACE_MS = 5_000;
/**
 * A session may show nothing at all for this long after it started before the state says more than
 * spawning; a polecat still `spawning` with no session this long after it started is dead (the witness
 * says so).
 */
export const SPAWN_GRACE_MS = 60_000;
/** Once something is on screen, spawning lasts at most this long after the session started... */
export const FIRST_SCREEN_MS = 10_000;
/** ...and a first screen unchanged this long, that no pattern knows, is taken as a question (a dialog). */
export const SETTLE_MS = 3_000;

export function deriveState(inp: StateInputs, now: number): DerivedState {
  const { current, observed } = inp;
  // Lifecycle: a polecat that ran `done` stays done (the witness reaps it).
  if (current.state === 'done' && current.source === 'lifecycle') return pick(current);
  // The operator stopped it: stays dead until it is removed or respawned.
  if (current.state === 'dead' && current.source === 'operator') return pick(current);

  if (observed.kind === 'missing') {
    // A spawn (or respawn) writes `spawning` before its session exists, and this
    // observation may predate the session: within the grace the witness decides.
    if (current.state === 'spawning' && now - Date.parse(current.since) < SPAWN_GRACE_MS)
      return pick(current);
    return { state: 'dead', source: 'daemon', reason: `tmux session ${inp.session} is gone` };
  }
  if (observed.kind === 'dead') {
    // tmux marks the pane dead on EOF, a moment before it reaps the status: then we only know it exited.
    const how =
      observed.exitSignal !== null
        ? `killed by signal ${observed.exitSignal}`
        : observed.exitStatus !== null
          ? `exited with status ${observed.exitStatus}`
          : 'exited';
    return { state: 'dead', source: 'daemon', reason: `agent ${how}` };
  }

  const quietMs = Math.max(0, now - observed.activityAt);
  const stuck = quietMs >= inp.stuckAfterMs;
  const screen = readScreen(observed.paneTail, inp.rules);

  const hook = inp.hook;
  if (hook) {
    const hookAt = Date.parse(hook.at);
    const label = hookLabel(hook);
    if (hook.state === 'working') {
      if (screen?.state === 'waiting' || screen?.state === 'error') return pickScreen(screen);
      if (stuck)
        return {
          state: 'stuck',
          source: 'activity',
          reason: `no output for ${formatAge(quietMs)} (${label})`,
        };
      return { state: 'working', source: 'hook', reason: label };
    }
    // A model error on screen says more than "its turn ended"; so does a question shown to a human
    // (Codex's notify reports a turn complete while its approval prompt waits).
    if (screen?.state === 'error' || (screen?.state === 'waiting' && hook.state !== 'waiting'))
      return pickScreen(screen);
    const outputSinceHook = observed.activityAt - hookAt > HOOK_GRACE_MS;
    if (!(outputSinceHook && screen?.state === 'working'))
      return { state: hook.state, source: 'hook', reason: label };
  }

  if (screen) {
    if (screen.state === 'working' && stuck) {
      return {
        state: 'stuck',
        source: 'activity',
        reason: `no output for ${formatAge(quietMs)} (${screen.reason})`,
      };
    }
    return pickScreen(screen);
  }

  // Booting: nothing recognisable on screen yet (spawning, or on a first screen taken as a question).
  const firstScreen = current.state === 'waiting' && current.source === 'activity';
  if (current.state === 'spawning' || firstScreen) {
    const booting = now - (Date.parse(current.since) || Date.parse(inp.createdAt));
    const last = tailLines(observed.paneTail, 1)[0];
    if (last === undefined) {
      if (booting < SPAWN_GRACE_MS) return pick(current);
    } else if (quietMs >= SETTLE_MS) {
      // A first screen no pattern knows, standing still: a sign-in menu, a trust dialog, a key prompt.
      return {
        state: 'waiting',
        source: 'activity',
        reason: `first screen stands still and no pattern knows it: "${excerpt(last)}"`,
      };
    } else if (!firstScreen && booting < FIRST_SCREEN_MS) return pick(current);
  }
  if (stuck) return { state: 'stuck', source: 'activity', reason: `no output for ${formatAge(quietMs)}` };
  if (quietMs < QUIET_MS)
    return { state: 'working', source: 'activity', reason: 'output in the last minute' };
  return { state: 'working', source: 'activity', reason: `no output for ${formatAge(quietMs)}` };
}

function pickScreen(r: { state: PolecatStateName; source: StateSource; reason: string }): DerivedState {
  return { state: r.state, source: r.source, reason: r.reason };
}

function pick(c: StateInputs['current']): DerivedState {
  return { state: c.state, source: c.source, reason: c.reason };
}

/** `hook Stop 12:03` (plus the hook's message, if it sent one). */
export function hookLabel(h: HookSignal): string {
  return `hook ${h.event} ${clock(h.at)}${h.message ? `: ${h.message}` : ''}`;
}

/** HH:MM of an ISO time, local clock. */
function clock(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '?' : `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
const pad = (n: number) => String(n).padStart(2, '0');
