import { formatAge } from '../../core/time.js';
import type { PolecatStateName } from '../../town/schemas/polecat.js';

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

export type StateRules = {
  busy: RegExp[];
  waiting: RegExp[];
  promptMarker?: string;
  tailLines: number;
};

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
const SPAWN_GRACE_MS = 60_000;

export function deriveState(inp: StateInputs, now: number): DerivedState {
  const { current, observed } = inp;
  // Lifecycle: a polecat that ran `done` stays done (the witness reaps it).
  if (current.state === 'done' && current.source === 'lifecycle') return pick(current);
  // The operator stopped it: stays dead until it is removed or respawned.
  if (current.state === 'dead' && current.source === 'operator') return pick(current);

  if (observed.kind === 'missing') {
    // Still being spawned (worktree first, session last): not dead yet; the witness times it out.
    if (current.state === 'spawning' && now - Date.parse(inp.createdAt) < SPAWN_GRACE_MS)
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
      if (screen?.state === 'waiting') return screen;
      if (stuck)
        return {
          state: 'stuck',
          source: 'activity',
          reason: `no output for ${formatAge(quietMs)} (${label})`,
        };
      return { state: 'working', source: 'hook', reason: label };
    }
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
    return screen;
  }

  // Booting: nothing recognisable on screen yet.
  if (current.state === 'spawning' && now - Date.parse(inp.createdAt) < SPAWN_GRACE_MS) return pick(current);
  if (stuck) return { state: 'stuck', source: 'activity', reason: `no output for ${formatAge(quietMs)}` };
  if (quietMs < QUIET_MS)
    return { state: 'working', source: 'activity', reason: 'output in the last minute' };
  return { state: 'working', source: 'activity', reason: `no output for ${formatAge(quietMs)}` };
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

/**
 * The preset's patterns against the last `tailLines` non-blank lines:
 * waiting beats busy, busy beats the idle prompt marker. Undefined when
 * nothing matches.
 */
export function readScreen(paneTail: string, rules: StateRules): DerivedState | undefined {
  const lines = paneTail
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .slice(-rules.tailLines);
  const find = (patterns: RegExp[]) => {
    for (let i = lines.length - 1; i >= 0; i--) {
      for (const p of patterns) if (p.test(lines[i]!)) return { line: lines[i]!, pattern: p };
    }
    return undefined;
  };
  const waiting = find(rules.waiting);
  if (waiting) return { state: 'waiting', source: 'pattern', reason: `pattern "${excerpt(waiting.line)}"` };
  const busy = find(rules.busy);
  if (busy)
    return { state: 'working', source: 'pattern', reason: `pattern "${excerpt(busy.pattern.source)}"` };
  const marker = rules.promptMarker;
  if (marker !== undefined) {
    const last = lines[lines.length - 1];
    if (last !== undefined && stripBox(last).startsWith(marker)) {
      return { state: 'idle', source: 'pattern', reason: `prompt "${marker}" shown` };
    }
  }
  return undefined;
}

function stripBox(line: string): string {
  return line.replace(/[│┃|╭╮╰╯─]/g, '').trim();
}

function excerpt(s: string): string {
  const t = s.trim().replace(/\s+/g, ' ');
  return t.length > 80 ? t.slice(0, 79) + '…' : t;
}
