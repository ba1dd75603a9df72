import { formatAge } from '../../core/time.js';
import type { PolecatState } from '../../town/schemas/polecat.js';
import { type Action, escalation } from '../actions.js';
import { type DaemonRig, type DaemonSnapshot, witnessEntry } from '../snapshot.js';
import { ms } from './common.js';

/**
 * An idle polecat (its agent ended its turn) whose issue is not done: after
 * witness.idle_nudge_after of quiet it is nudged to continue, each nudge
 * counting toward max_nudges; past the cap it is escalated like a stuck one.
 * Not while an operator is attached (their typing is not to be mixed with
 * ours), not once the work is submitted (a merge request) or the issue closed.
 * `active` is the polecat's last activity (nudge echoes excluded).
 */
export function idleCheck(
  snap: DaemonSnapshot,
  rig: DaemonRig,
  p: PolecatState,
  active: number,
  hasMergeRequest: boolean,
  now: number,
): Action[] {
  const cfg = snap.settings.witness;
  const w = witnessEntry(rig, p.name);
  const issue = rig.issues.get(p.issue);
  if (issue?.status === 'closed' || hasMergeRequest || w.escalated_at) return [];
  if ((snap.sessions.get(p.session)?.attached ?? 0) > 0) return [];
  const quiet = now - Math.max(active, ms(p.state_since) ?? 0);
  if (quiet < cfg.idle_nudge_after) return [];
  const lastNudge = ms(w.last_nudge_at);
  if (lastNudge !== undefined && now - lastNudge < cfg.idle_nudge_after) return [];
  const base = { rig: rig.name, polecat: p.name };
  const why = `idle for ${formatAge(quiet)} with ${p.issue} not done`;
  if (w.nudges < cfg.max_nudges)
    return [
      {
        kind: 'nudge',
        ...base,
        session: p.session,
        text: cfg.idle_nudge_text,
        nudge: w.nudges + 1,
        about: 'idle',
        reason: `${why} (nudge ${w.nudges + 1} of ${cfg.max_nudges})`,
      },
    ];
  return [
    escalation(
      'idle',
      { ...base, issue: p.issue },
      {
        to: ['mayor', 'overseer'],
        subject: `polecat ${rig.name}/${p.name} stops before finishing ${p.issue}`,
        body: `Its turn ended without \`overseer done\`; ${why} after ${w.nudges} nudge(s). Session ${p.session}, worktree ${p.worktree}. Last state reason: ${p.state_reason}`,
        reason: `${why} after ${w.nudges} nudge(s)`,
      },
    ),
  ];
}
