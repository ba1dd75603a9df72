import type { Action } from '../actions.js';
import type { DaemonSnapshot } from '../snapshot.js';
import { decideBudgets, withoutBudgetedWork } from './budget.js';
import { decideRunaways } from './runaway.js';
import { decideDispatch } from './dispatcher.js';
import { decideEscalation } from './escalation.js';
import { decideGc } from './gc.js';
import { decideOverlaps } from './overlaps.js';
import { applyPluginHooks } from './plugin-hooks.js';
import { decidePool } from './pool.js';
import { decideRefinery } from './refinery.js';
import { decideSupervisor } from './supervisor.js';
import { decideWitness } from './witness.js';
import { withoutPausedStarts } from './pause.js';

export type StepName =
  | 'budget'
  | 'plugins'
  | 'witness'
  | 'escalation'
  | 'oracle'
  | 'refinery'
  | 'dispatcher'
  | 'supervisor'
  | 'gc'
  | 'pool';

export const STEP_ORDER: StepName[] = [
  'budget',
  'plugins',
  'witness',
  'escalation',
  'oracle',
  'refinery',
  'dispatcher',
  'supervisor',
  'gc',
  'pool',
];

/** All of one tick's decisions, step by step, in execution order. */
export function decideTick(snap: DaemonSnapshot, now: number): { step: StepName; actions: Action[] }[] {
  // Paused (emergency stop): no session starts in the paused rigs, whoever decided them.
  const keep = withoutPausedStarts(snap);
  const witness = keep(decideWitness(snap, now));
  const escalation = keep(decideEscalation(snap, now));
  const pending = new Map<string, number>();
  for (const a of escalation)
    if (a.kind === 'spawn' && !a.resume) pending.set(a.rig, (pending.get(a.rig) ?? 0) + 1);
  const steps: { step: StepName; actions: Action[] }[] = [
    { step: 'budget', actions: [...decideBudgets(snap, now), ...decideRunaways(snap, now)] },
    { step: 'witness', actions: witness },
    { step: 'escalation', actions: escalation },
    { step: 'oracle', actions: decideOverlaps(snap, now) },
    { step: 'refinery', actions: decideRefinery(snap, now) },
    { step: 'dispatcher', actions: keep(decideDispatch(snap, now, pending)) },
    { step: 'supervisor', actions: keep(decideSupervisor(snap, now)) },
    { step: 'gc', actions: decideGc(snap, now) },
    // Last: this tick's spawns have claimed their warm worktrees by now.
    { step: 'pool', actions: decidePool(snap) },
  ];
  // No new spending under a spent budget: its spawns and nudges are dropped (before any plugin is asked).
  const spendable = steps.map((s) => ({ step: s.step, actions: withoutBudgetedWork(snap, s.actions) }));
  // Hook points: actions a plugin answers for wait for its verdict.
  return applyPluginHooks(snap, now, spendable);
}
