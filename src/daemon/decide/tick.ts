import type { Action } from '../actions.js';
import type { DaemonSnapshot } from '../snapshot.js';
import { decideDispatch } from './dispatcher.js';
import { decideEscalation } from './escalation.js';
import { decideGc } from './gc.js';
import { decidePool } from './pool.js';
import { decideRefinery } from './refinery.js';
import { decideSupervisor } from './supervisor.js';
import { decideWitness } from './witness.js';
import { withoutPausedStarts } from './pause.js';

export type StepName = 'witness' | 'escalation' | 'refinery' | 'dispatcher' | 'supervisor' | 'gc' | 'pool';

export const STEP_ORDER: StepName[] = [
  'witness',
  'escalation',
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
  return [
    { step: 'witness', actions: witness },
    { step: 'escalation', actions: escalation },
    { step: 'refinery', actions: decideRefinery(snap, now) },
    { step: 'dispatcher', actions: keep(decideDispatch(snap, now, pending)) },
    { step: 'supervisor', actions: keep(decideSupervisor(snap, now)) },
    { step: 'gc', actions: decideGc(snap, now) },
    // Last: this tick's spawns have claimed their warm worktrees by now.
    { step: 'pool', actions: decidePool(snap) },
  ];
}
