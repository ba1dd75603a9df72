import { resolveChain, type ResolvedChain, type Tier } from '../../escalation/chains.js';
import type { AttemptExtras } from '../../escalation/spawn-attempt.js';
import type { Attempt } from '../../town/schemas/attempt.js';
import type { Bead } from '../../town/schemas/bead.js';
import type { PolecatState } from '../../town/schemas/polecat.js';
import { type Action, escalation } from '../actions.js';
import { type DaemonRig, type DaemonSnapshot, witnessEntry } from '../snapshot.js';
import { chainFor, feedbackSection, STALLED_FEEDBACK, trail } from './attempt-trail.js';
import { mergeRequestsByWork, requestOfWork, tail, type WorkRequests } from './common.js';

/** Label put on an issue once every tier has failed and the overseer has been told. */
export const EXHAUSTED_LABEL = 'escalated';

type AttemptX = Attempt & AttemptExtras;

/**
 * Escalation step, per issue with attempts: judge the running attempt
 * (refinery result, verifier, crash, stuck past escalation), end it with a
 * verdict, spawn the next tier with the feedback, or tell the overseer when
 * every tier has failed. Also adopts polecats spawned with a tier outside the
 * daemon, and resumes a spawn interrupted by a crash.
 */
export function decideEscalation(snap: DaemonSnapshot, now: number): Action[] {
  const out: Action[] = [];
  for (const rig of snap.rigs) {
    const mrs = mergeRequestsByWork(rig.issues);
    const byName = new Map(rig.polecats.map((p) => [p.name, p]));
    // Adopt polecats that carry a tier but have no attempt record.
    for (const p of rig.polecats) {
      if (p.tier === undefined) continue;
      const atts = rig.attempts.get(p.issue) ?? [];
      if (atts.some((a) => a.polecat === p.name)) continue;
      const issue = rig.issues.get(p.issue);
      if (!issue || issue.status === 'closed') continue;
      const chain = resolveChain(snap.chains, issue, {
        name: rig.name,
        default_agent: rig.config.default_agent,
      });
      const tier: Tier = chain.tiers[p.tier] ?? {
        index: p.tier,
        name: `tier${p.tier}`,
        preset: p.agent,
        ...(p.model ? { model: p.model } : {}),
      };
      out.push({
        kind: 'start-attempt',
        rig: rig.name,
        issue: p.issue,
        polecat: p.name,
        chain: chain.name,
        tier: { ...tier, preset: p.agent, ...(p.model ? { model: p.model } : {}) },
        attempt: atts.length + 1,
        reason: `polecat ${p.name} was spawned with tier ${p.tier} outside the daemon`,
      });
    }
    for (const [issueId, attempts] of rig.attempts) {
      if (attempts.length === 0) continue;
      const issue = rig.issues.get(issueId);
      if (!issue) continue;
      const last = attempts[attempts.length - 1] as AttemptX;
      const chain = chainFor(snap.chains, rig, issue, last.chain);
      if (last.verdict === 'running') {
        const p = last.polecat ? byName.get(last.polecat) : undefined;
        const ended = judgeRunning(snap, rig, issue, last, p, mrs, now);
        out.push(...ended);
        const end = ended.find((a) => a.kind === 'end-attempt');
        if (
          end &&
          end.kind === 'end-attempt' &&
          (end.verdict === 'escalate' || end.verdict === 'error') &&
          !end.stopped
        ) {
          out.push(
            ...nextStep(rig, issue, chain, attempts, {
              ...last,
              verdict: end.verdict,
              feedback: end.feedback,
            }),
          );
        }
        continue;
      }
      if (
        (last.verdict === 'escalate' || last.verdict === 'error') &&
        !last.stopped &&
        issue.status !== 'closed'
      ) {
        out.push(...nextStep(rig, issue, chain, attempts, last));
      }
    }
  }
  return out;
}

/** Finish an attempt whose spawn was recorded but interrupted, under the same polecat name. */
function resumeSpawn(
  snap: DaemonSnapshot,
  rig: DaemonRig,
  issue: Bead,
  a: AttemptX,
  polecat: string,
  reason: string,
): Action {
  const chain = chainFor(snap.chains, rig, issue, a.chain);
  const tier: Tier = chain.tiers[a.tier] ?? {
    index: a.tier,
    name: a.tier_name,
    preset: a.preset,
    ...(a.model ? { model: a.model } : {}),
  };
  return {
    kind: 'spawn',
    rig: rig.name,
    issue: issue.id,
    chain: chain.name,
    tier,
    attempt: a.attempt,
    resume: { attemptId: a.id, polecat },
    ...(a.feedback_in ? { feedback: a.feedback_in } : {}),
    reason,
  };
}

function judgeRunning(
  snap: DaemonSnapshot,
  rig: DaemonRig,
  issue: Bead,
  a: AttemptX,
  p: PolecatState | undefined,
  mrs: WorkRequests,
  now: number,
): Action[] {
  const base = { rig: rig.name, issue: issue.id, attemptId: a.id };
  // `overseer spawn` is starting this attempt in its own process: not interrupted, leave it be.
  if (!a.spawned && a.spawn_lease_until && now < Date.parse(a.spawn_lease_until)) return [];
  if (!p) {
    if (!a.spawned && a.polecat) {
      return [
        resumeSpawn(
          snap,
          rig,
          issue,
          a,
          a.polecat,
          `attempt ${a.attempt} was recorded but its polecat ${a.polecat} never started (daemon restarted)`,
        ),
      ];
    }
    if (issue.status === 'closed')
      return [
        {
          kind: 'end-attempt',
          ...base,
          verdict: 'accept',
          stopSession: false,
          reason: `${issue.id} was closed`,
        },
      ];
    return [
      {
        kind: 'end-attempt',
        ...base,
        polecat: a.polecat,
        verdict: 'error',
        feedback: `polecat ${a.polecat ?? '?'} was removed outside the daemon`,
        stopSession: false,
        stopped: true,
        reason: `polecat ${a.polecat ?? '?'} no longer exists`,
      },
    ];
  }
  if (!a.spawned && p.state === 'spawning' && !snap.sessions.get(p.session)?.alive) {
    // The daemon died in the middle of this spawn: finish it with the same name.
    return [
      resumeSpawn(
        snap,
        rig,
        issue,
        a,
        p.name,
        `spawn of ${p.name} was interrupted (daemon restarted); finishing it`,
      ),
    ];
  }
  const marks: Action[] = a.spawned
    ? []
    : [{ kind: 'mark-spawned', ...base, reason: `polecat ${p.name} is up` }];
  const mine = requestOfWork(mrs, { branch: p.branch, issue: issue.id });
  if (mine?.mr.state === 'merged')
    return [
      ...marks,
      {
        kind: 'end-attempt',
        ...base,
        polecat: p.name,
        verdict: 'accept',
        stopSession: false,
        reason: `${mine.id} merged: tests passed`,
      },
    ];
  if (mine?.mr.state === 'failed') {
    const out = mine.mr.test_output_tail ?? mine.mr.history.at(-1)?.reason ?? 'tests failed';
    return [
      ...marks,
      {
        kind: 'end-attempt',
        ...base,
        polecat: p.name,
        verdict: 'escalate',
        feedback: `The merge queue's tests failed on your branch. Test output (tail):\n${tail(out)}`,
        stopSession: true,
        reason: `${mine.id} failed its tests`,
      },
    ];
  }
  // Stopped by the operator: not a failed attempt; it resumes when the operator respawns it.
  if (p.state === 'dead' && p.state_source === 'operator') return marks;
  if (p.state === 'dead') {
    return [
      ...marks,
      {
        kind: 'end-attempt',
        ...base,
        polecat: p.name,
        verdict: 'error',
        feedback: `The session crashed or exited before finishing: ${p.state_reason}`,
        stopSession: true,
        reason: `polecat ${p.name} died`,
      },
    ];
  }
  const stalled = STALLED_FEEDBACK[p.state];
  if (witnessEntry(rig, p.name).escalated_at && stalled) {
    return [
      ...marks,
      {
        kind: 'end-attempt',
        ...base,
        polecat: p.name,
        verdict: 'error',
        feedback: stalled,
        stopSession: true,
        reason: `polecat ${p.name} ${p.state} past escalation`,
      },
    ];
  }
  if (snap.chains.verifier && p.state === 'done' && mine?.mr.state === 'queued' && !a.verified) {
    return [
      ...marks,
      {
        kind: 'verify',
        ...base,
        polecat: p.name,
        mr: mine.id,
        reason: `${p.name} is done; running the verifier`,
      },
    ];
  }
  return marks;
}

function nextStep(
  rig: DaemonRig,
  issue: Bead,
  chain: ResolvedChain,
  attempts: Attempt[],
  last: Attempt,
): Action[] {
  const next = chain.pinned ? undefined : chain.tiers[last.tier + 1];
  if (next) {
    return [
      {
        kind: 'spawn',
        rig: rig.name,
        issue: issue.id,
        chain: chain.name,
        tier: next,
        attempt: last.attempt + 1,
        feedback: feedbackSection(last),
        reason: `attempt ${last.attempt} (${last.tier_name}) ended "${last.verdict}"; escalating to tier ${next.name}`,
      },
    ];
  }
  if (issue.labels.includes(EXHAUSTED_LABEL)) return [];
  const all = attempts.map((a) => (a.id === last.id ? last : a));
  return [
    escalation(
      'exhausted',
      { rig: rig.name, issue: issue.id, polecat: last.polecat },
      {
        to: ['overseer'],
        subject: `all tiers failed on ${issue.id}: ${issue.title.slice(0, 120)}`,
        body: `Every tier of chain ${chain.name} has tried ${issue.id}.\n\n${trail(all)}`,
        reason: `chain ${chain.name} exhausted after ${all.length} attempt(s)`,
      },
    ),
  ];
}
