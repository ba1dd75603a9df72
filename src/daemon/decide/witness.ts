import { formatAge } from '../../core/time.js';
import { SPAWN_GRACE_MS } from '../../agents/state/derive.js';
import type { Bead } from '../../town/schemas/bead.js';
import type { PolecatState } from '../../town/schemas/polecat.js';
import { type Action, escalation } from '../actions.js';
import { type DaemonRig, type DaemonSnapshot, hostSeen, witnessEntry } from '../snapshot.js';
import { mergeRequestsByWork, ms, requestOfWork, type WorkRequests } from './common.js';
import { idleCheck } from './idle.js';
import { modelErrorCheck } from './model-error.js';
import { polecatAddress } from '../../town/schemas/polecat.js';

/**
 * Witness step, per polecat: nudge the quiet, escalate the stuck, mark the
 * dead, respawn or escalate them, verify and remove the merged, cycle the
 * ones that asked for a fresh session. Waiting polecats get no nudge: they
 * show in the attention queue straight from their state.
 */
export function decideWitness(snap: DaemonSnapshot, now: number): Action[] {
  const out: Action[] = [];
  for (const rig of snap.rigs) {
    const mrs = mergeRequestsByWork(rig.issues);
    for (const p of rig.polecats) {
      // An outpost that did not answer this tick: its polecats keep their last known state.
      if (!hostSeen(snap, p)) continue;
      // On an outpost alike: nudges and restarts go through its SSH runner (exec/witness-actions.ts, session-start.ts).
      out.push(...witnessPolecat(snap, rig, p, mrs, now));
    }
  }
  return out;
}

/** The latest unread handoff mail a polecat sent to itself. */
export function handoffMail(townBeads: Map<string, Bead>, address: string): Bead | undefined {
  let best: Bead | undefined;
  for (const b of townBeads.values()) {
    if (b.issue_type !== 'message' || b.status !== 'open') continue;
    if (b.assignee !== address || b.sender !== address) continue;
    if (!best || b.created_at > best.created_at) best = b;
  }
  return best;
}

/** Activity time of a polecat, ignoring output that is the echo of our own last nudge. */
export function lastActivity(
  p: PolecatState,
  sessionActivity: number | undefined,
  lastNudge: number | undefined,
  echoGrace: number,
): number {
  // Evidence of progress: pane output (tmux activity), and a state the agent itself
  // reported through a hook. A state derived from the screen or from activity changes
  // when our own nudge is echoed, at whatever time the refresh ran: not evidence.
  const candidates = [
    ms(p.last_activity_at),
    sessionActivity,
    p.state !== 'stuck' && p.state_source === 'hook' ? ms(p.state_since) : undefined,
    ms(p.created_at),
  ];
  let best = 0;
  for (const t of candidates) {
    if (t === undefined) continue;
    // tmux reports activity in whole seconds: the echo may read as up to 1s before the nudge.
    if (lastNudge !== undefined && t >= lastNudge - 1000 && t <= lastNudge + echoGrace) continue;
    if (t > best) best = t;
  }
  return best;
}

function witnessPolecat(
  snap: DaemonSnapshot,
  rig: DaemonRig,
  p: PolecatState,
  mrs: WorkRequests,
  now: number,
): Action[] {
  const cfg = snap.settings.witness;
  const w = witnessEntry(rig, p.name);
  const sess = snap.sessions.get(p.session);
  const alive = sess?.alive === true;
  const base = { rig: rig.name, polecat: p.name };
  const chainManaged = (rig.attempts.get(p.issue) ?? []).some(
    (a) => a.polecat === p.name && a.verdict === 'running',
  );

  if (p.cycle_requested) {
    const mail = handoffMail(snap.townBeads, polecatAddress(rig.name, p.name));
    return [
      {
        kind: 'cycle',
        ...base,
        handoff: mail ? { mail: mail.id, subject: mail.title, body: mail.description } : undefined,
        reason: mail
          ? `${p.name} asked to cycle; handoff note ${mail.id}`
          : `${p.name} asked to cycle (no handoff note found)`,
      },
    ];
  }

  switch (p.state) {
    case 'spawning': {
      const age = now - (ms(p.state_since) ?? now);
      if (!alive && age >= SPAWN_GRACE_MS)
        return [
          {
            kind: 'mark-state',
            ...base,
            state: 'dead',
            reason: `session ${p.session} never came up (${formatAge(age)} after spawn)`,
          },
        ];
      return [];
    }
    case 'working':
    case 'stuck': {
      if (!alive) {
        const how = sess
          ? `ended${sess.exitStatus != null ? ` with exit status ${sess.exitStatus}` : ''}`
          : 'is gone';
        return [
          {
            kind: 'mark-state',
            ...base,
            state: 'dead',
            reason: `session ${p.session} ${how} while ${p.state}`,
          },
        ];
      }
      return stuckCheck(snap, rig, p, sess?.activityMs, now);
    }
    case 'dead': {
      // Stopped by the operator (stop, emergency stop): theirs to respawn or remove, not ours.
      if (chainManaged || w.escalated_at || p.state_source === 'operator') return [];
      // Its work is finished (issue closed or its own request merged): nothing to revive; GC
      // reclaims the worktree. A merged request of an earlier polecat of the same name is not its.
      const finished =
        rig.issues.get(p.issue)?.status === 'closed' || requestOfWork(mrs, p)?.mr.state === 'merged';
      if (finished) return [];
      if (cfg.dead_policy === 'respawn' && w.respawns < cfg.max_respawns)
        return [
          {
            kind: 'respawn',
            ...base,
            reason: `session died while working; respawn ${w.respawns + 1} of ${cfg.max_respawns}`,
          },
        ];
      const why =
        cfg.dead_policy === 'respawn'
          ? `session died again after ${w.respawns} respawn(s)`
          : 'session died (policy: escalate)';
      return [
        escalation(
          'dead',
          { ...base, issue: p.issue },
          {
            subject: `polecat ${rig.name}/${p.name} is dead (${p.issue})`,
            body: `${why}. Worktree kept at ${p.worktree}. Last state reason: ${p.state_reason}`,
            reason: why,
          },
        ),
      ];
    }
    case 'done': {
      // A failed attempt of an escalation chain: its worktree stays for the operator (GC says why).
      if (
        (rig.attempts.get(p.issue) ?? []).some(
          (a) => a.polecat === p.name && (a.verdict === 'escalate' || a.verdict === 'error'),
        )
      )
        return [];
      const mr = requestOfWork(mrs, p);
      const issue = rig.issues.get(p.issue);
      const merged = mr?.mr.state === 'merged';
      const closed = issue?.status === 'closed';
      if (!merged && !closed) return [];
      if (w.verify_failures >= cfg.max_verify_failures) {
        if (w.escalated_at) return [];
        return [
          escalation(
            'verify',
            { ...base, issue: p.issue },
            {
              subject: `cannot clean up polecat ${rig.name}/${p.name} (${p.issue})`,
              body: `Verification before removal failed ${w.verify_failures} times; worktree kept at ${p.worktree}.`,
              reason: `${w.verify_failures} failed verifications`,
            },
          ),
        ];
      }
      const last = ms(w.last_verify_at);
      if (last !== undefined && now - last < cfg.verify_cooldown) return [];
      return [
        {
          kind: 'cleanup',
          ...base,
          reason: merged ? `done and ${mr!.id} merged` : `done and ${p.issue} closed`,
        },
      ];
    }
    case 'error':
      // A model error: in attention from its state, never nudged; escalated past stuck_after (model-error.ts).
      return alive ? modelErrorCheck(snap, rig, p, now) : [];
    case 'idle': {
      // Its turn ended. Unless the work went to the merge queue, follow it up (idle.ts).
      if (!alive) return [];
      const mr = requestOfWork(mrs, p);
      const submitted = mr !== undefined && mr.mr.state !== 'rejected';
      const active = lastActivity(p, sess?.activityMs, ms(w.last_nudge_at), cfg.nudge_echo_grace);
      return idleCheck(snap, rig, p, active, submitted, now);
    }
    default:
      // waiting: attention at once, never nudged.
      return [];
  }
}

function stuckCheck(
  snap: DaemonSnapshot,
  rig: DaemonRig,
  p: PolecatState,
  sessionActivity: number | undefined,
  now: number,
): Action[] {
  const cfg = snap.settings.witness;
  const w = witnessEntry(rig, p.name);
  const base = { rig: rig.name, polecat: p.name };
  const lastNudge = ms(w.last_nudge_at);
  const active = lastActivity(p, sessionActivity, lastNudge, cfg.nudge_echo_grace);
  const since = Math.max(lastNudge ?? 0, ms(w.escalated_at) ?? 0);
  const progressed = since > 0 && active > since;
  const quiet = now - active;
  if (progressed) {
    const out: Action[] = [];
    // After an idle nudge the counters stay: an agent that keeps stopping early is escalated.
    if (w.last_nudge_kind !== 'idle')
      out.push({ kind: 'witness-reset', ...base, reason: `activity resumed ${formatAge(now - active)} ago` });
    if (p.state === 'stuck')
      out.push({ kind: 'mark-state', ...base, state: 'working', reason: 'activity resumed' });
    if (out.length > 0) return out;
  }
  if (quiet < cfg.stuck_after) return [];
  if (w.escalated_at) return [];
  const cooled = lastNudge === undefined || now - lastNudge >= cfg.nudge_cooldown;
  if (!cooled) return [];
  if (w.nudges < cfg.max_nudges) {
    return [
      {
        kind: 'nudge',
        ...base,
        session: p.session,
        text: cfg.nudge_text,
        nudge: w.nudges + 1,
        reason: `no activity for ${formatAge(quiet)} (nudge ${w.nudges + 1} of ${cfg.max_nudges})`,
      },
    ];
  }
  return [
    escalation(
      'stuck',
      { ...base, issue: p.issue },
      {
        subject: `polecat ${rig.name}/${p.name} is stuck on ${p.issue}`,
        body: `No activity for ${formatAge(quiet)} after ${w.nudges} nudge(s). Session ${p.session}, worktree ${p.worktree}.`,
        markState: 'stuck',
        reason: `no activity for ${formatAge(quiet)} after ${w.nudges} nudge(s)`,
      },
    ),
  ];
}
