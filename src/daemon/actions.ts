import type { Tier } from '../escalation/chains.js';
import type { HookPoint, Verdict } from '../town/schemas/plugin.js';

/**
 * What a tick decided. Every action carries the reason it was taken; the
 * executor performs it and appends it, with the reason, to .events.jsonl.
 */
export type EscalationAbout =
  'stuck' | 'idle' | 'error' | 'dead' | 'verify' | 'exhausted' | 'manager' | 'budget' | 'runaway';

/** Why a polecat is nudged: silent while working (stuck), or stopped before its issue is done (idle). */
export type NudgeAbout = 'stuck' | 'idle';

export type Action =
  | {
      kind: 'nudge';
      rig: string;
      polecat: string;
      session: string;
      text: string;
      nudge: number;
      /** Default stuck. */
      about?: NudgeAbout;
      reason: string;
    }
  | {
      kind: 'escalate';
      rig: string;
      about: EscalationAbout;
      polecat?: string;
      issue?: string;
      epic?: string;
      to: ('mayor' | 'overseer')[];
      subject: string;
      body: string;
      /** Also set the polecat's state (e.g. stuck) when escalating. */
      markState?: 'stuck';
      reason: string;
    }
  | { kind: 'mark-state'; rig: string; polecat: string; state: 'dead' | 'working'; reason: string }
  | { kind: 'witness-reset'; rig: string; polecat: string; reason: string }
  | { kind: 'respawn'; rig: string; polecat: string; reason: string }
  | {
      kind: 'cycle';
      rig: string;
      polecat: string;
      handoff?: { mail: string; subject: string; body: string };
      reason: string;
    }
  | { kind: 'cleanup'; rig: string; polecat: string; reason: string }
  | {
      kind: 'spawn';
      rig: string;
      issue: string;
      chain: string;
      tier: Tier;
      attempt: number;
      /** Resume a write-ahead attempt (crash between recording and spawning): reuse its id and name. */
      resume?: { attemptId: string; polecat: string };
      feedback?: string;
      reason: string;
    }
  | {
      kind: 'start-attempt';
      rig: string;
      issue: string;
      polecat: string;
      chain: string;
      tier: Tier;
      attempt: number;
      reason: string;
    }
  | { kind: 'mark-spawned'; rig: string; issue: string; attemptId: string; reason: string }
  | {
      kind: 'end-attempt';
      rig: string;
      issue: string;
      attemptId: string;
      polecat?: string;
      verdict: 'accept' | 'escalate' | 'error';
      feedback?: string;
      /** Stop the polecat's session (its worktree is kept). */
      stopSession: boolean;
      /** The polecat was removed outside the daemon: do not continue the chain. */
      stopped?: boolean;
      reason: string;
    }
  | {
      kind: 'verify';
      rig: string;
      issue: string;
      attemptId: string;
      polecat: string;
      mr?: string;
      reason: string;
    }
  /** A conflicted request whose resolve issue closed: back in the queue, or landed through the resolving request. */
  | { kind: 'mr-resolved'; rig: string; mr: string; by?: string; reason: string }
  | {
      kind: 'refinery';
      rig: string;
      /** Queued requests a plugin holds (mr-ready): the run leaves them queued. */
      skip?: string[];
      reason: string;
    }
  | { kind: 'poke-manager'; epic: string; rig: string; session: string; text: string; reason: string }
  | { kind: 'respawn-manager'; epic: string; rig: string; resume: string; reason: string }
  | { kind: 'gc-pass'; reason: string }
  | { kind: 'gc-check'; rig: string; polecat: string; issue?: string; reason: string }
  | { kind: 'gc-refuse'; rig: string; polecat: string; reason: string }
  | { kind: 'pool-refill'; rig: string; have: number; want: number; reason: string }
  | {
      kind: 'budget-alert';
      rig: string;
      /** The budget: attempt:<issue>:<polecat@born>, issue:<issue>, rig_day:<day>. */
      key: string;
      scope: 'attempt' | 'issue' | 'rig_day';
      level: 'warn' | 'exceeded';
      issue?: string;
      polecat?: string;
      spent: number;
      limit: number;
      unit: 'usd' | 'tokens';
      reason: string;
    }
  | { kind: 'budget-interrupt'; rig: string; key: string; polecat: string; session: string; reason: string }
  | { kind: 'budget-stop'; rig: string; key: string; polecat: string; session: string; reason: string }
  | { kind: 'runaway-alert'; rig: string; polecat: string; issue: string; reason: string }
  | {
      kind: 'overlap';
      rig: string;
      /** The oracle's pair key (`branchA|branchB`). */
      pair: string;
      class: string;
      /** A quiet event only (no attention item). */
      quiet: boolean;
      later: string;
      /** The later branch's polecat (the event's subject). */
      polecat?: string;
      reason: string;
    }
  | {
      kind: 'plugin-invoke';
      rig: string;
      plugin: string;
      hook: HookPoint;
      key: string;
      /** The address waiting for the verdict (the request's sender). */
      from: string;
      subject: string;
      body: string;
      timeoutMs: number;
      reason: string;
    }
  | {
      kind: 'plugin-verdict';
      rig: string;
      plugin: string;
      hook: HookPoint;
      key: string;
      invocation: string;
      mail: string;
      verdict: Verdict;
      text: string;
      reason: string;
    }
  | {
      kind: 'plugin-timeout';
      rig: string;
      plugin: string;
      hook: HookPoint;
      key: string;
      invocation: string;
      reason: string;
    };

export type ActionKind = Action['kind'];

export type EscalateAction = Extract<Action, { kind: 'escalate' }>;

/**
 * THE builder of an escalation: mail about one thing (a polecat, an issue,
 * an epic) to the mayor and the overseer unless `to` says otherwise. The
 * executor sends it with sendEscalation (daemon/escalate.ts).
 */
export function escalation(
  about: EscalationAbout,
  where: { rig: string; polecat?: string; issue?: string; epic?: string },
  mail: {
    subject: string;
    body: string;
    reason: string;
    to?: EscalateAction['to'];
    markState?: EscalateAction['markState'];
  },
): EscalateAction {
  const { to = ['mayor', 'overseer'], ...rest } = mail;
  return { kind: 'escalate', ...where, about, to, ...rest };
}
