import { formatAge } from '../../core/time.js';
import type { PolecatState } from '../../town/schemas/polecat.js';
import { type Action, escalation } from '../actions.js';
import { type DaemonRig, type DaemonSnapshot, witnessEntry } from '../snapshot.js';
import { ms } from './common.js';

/**
 * A polecat in state `error` (its agent shows a model error: rate limit,
 * overloaded, authentication, network): the attention queue shows it from
 * its state; a nudge would only spend another request on a model that
 * refuses. When the error lasts past stuck_after it is escalated, once, to
 * the mayor and the overseer.
 */
export function modelErrorCheck(
  snap: DaemonSnapshot,
  rig: DaemonRig,
  p: PolecatState,
  now: number,
): Action[] {
  if (witnessEntry(rig, p.name).escalated_at) return [];
  const lasted = now - (ms(p.state_since) ?? now);
  if (lasted < snap.settings.witness.stuck_after) return [];
  return [
    escalation(
      'error',
      { rig: rig.name, polecat: p.name, issue: p.issue },
      {
        to: ['mayor', 'overseer'],
        subject: `polecat ${rig.name}/${p.name} is blocked by a model error (${p.issue})`,
        body: `For ${formatAge(lasted)}: ${p.state_reason}. Session ${p.session}, worktree ${p.worktree}. Nudge it to retry once the model answers again, or stop it.`,
        reason: `model error for ${formatAge(lasted)}: ${p.state_reason}`,
      },
    ),
  ];
}
