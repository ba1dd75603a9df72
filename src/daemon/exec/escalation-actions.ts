import { existsSync } from 'node:fs';
import { appendAttempt, endAttempt, readAttempts } from '../../escalation/attempts.js';
import { attemptRecord, recordAttempt, spawnRecordedAttempt } from '../../escalation/spawn-attempt.js';
import { namesWithSessions, pickFreeName } from '../../polecats/names.js';
import { resolvePolecat } from '../../polecats/resolve.js';
import { stopPolecat } from '../../polecats/session-ops.js';
import { updatePolecat } from '../../town/polecat-state.js';
import { verifyPolecatClean } from '../../polecats/verify.js';
import { deleteBranch, removeWorktree } from '../../runtime/worktree.js';
import { updateIssue } from '../../town/issues.js';
import { transitionMergeRequest } from '../../town/merge-requests.js';
import { readPolecat, removePolecatState } from '../../town/polecat-state.js';
import type { Attempt } from '../../town/schemas/attempt.js';
import { attemptModelTokens, readIssueUsage } from '../../town/usage.js';
import { estimateCost, loadPrices } from '../../town/prices.js';
import { sumModelTokens } from '../../town/schemas/usage.js';
import type { RigPaths, TownPaths } from '../../town/paths.js';
import { tail } from '../decide/common.js';
import { EXHAUSTED_LABEL } from '../decide/escalation.js';
import { sendEscalation } from '../escalate.js';
import { markQuestionSent } from '../managers.js';
import type { DaemonSnapshot } from '../snapshot.js';
import { runVerifier } from '../verifier.js';
import { updateWitnessEntry } from '../witness-state.js';
import { ACTOR, type ActionOf, type ExecContext } from './context.js';
import { polecatBranch } from '../../town/schemas/polecat.js';

/** Escalation actions: mail the mayor/overseer, and the attempts of a chain (spawn, record, end, verify). */

export async function escalate(cx: ExecContext, a: ActionOf<'escalate'>, now: number): Promise<string> {
  const { town } = cx;
  const iso = new Date(now).toISOString();
  const sent = await sendEscalation(town, {
    to: a.to,
    subject: a.subject,
    body: a.body,
    fields: {
      rig: a.rig,
      about: a.about,
      reason: a.reason,
      ...(a.polecat ? { polecat: a.polecat } : {}),
      ...(a.issue ? { issue: a.issue } : {}),
      ...(a.epic ? { epic: a.epic } : {}),
    },
  });
  if (a.polecat && a.about !== 'exhausted') {
    await updateWitnessEntry(town.rigPaths(a.rig), a.polecat, (e) => ({ ...e, escalated_at: iso }), now);
  }
  if (a.markState && a.polecat) {
    await updatePolecat(town.rigPaths(a.rig), a.polecat, (p) => ({
      ...p,
      state: 'stuck',
      state_source: 'daemon',
      state_reason: a.reason,
      state_since: p.state === 'stuck' ? p.state_since : iso,
    }));
  }
  if (a.about === 'exhausted' && a.issue) await updateIssue(town, a.issue, { addLabels: [EXHAUSTED_LABEL] });
  if (a.about === 'manager' && a.epic) {
    await markQuestionSent(town, a.epic, now);
  }
  return `mail ${sent.map((m) => `${m.id} → ${m.assignee}`).join(', ')}`;
}

export async function startAttempt(
  cx: ExecContext,
  a: ActionOf<'start-attempt'>,
  now: number,
): Promise<string> {
  const paths = cx.town.rigPaths(a.rig);
  const existing = readAttempts(paths, a.issue);
  if (existing.some((x) => x.polecat === a.polecat)) return '';
  const n = existing.length + 1;
  await appendAttempt(paths, attemptRecord({ ...a, attempt: n }, a.polecat, now, { spawned: true }));
  return `attempt ${n} recorded for ${a.polecat}`;
}

export async function markSpawned(cx: ExecContext, a: ActionOf<'mark-spawned'>): Promise<string> {
  const paths = cx.town.rigPaths(a.rig);
  const cur = readAttempts(paths, a.issue).find((x) => x.id === a.attemptId);
  if (!cur || cur.verdict !== 'running') return '';
  await appendAttempt(paths, { ...cur, spawned: true } as Attempt);
  return '';
}

export async function endAttemptAction(
  cx: ExecContext,
  a: ActionOf<'end-attempt'>,
  now: number,
): Promise<string> {
  const { town } = cx;
  const ended = await endAttempt(town.rigPaths(a.rig), a.issue, a.attemptId, a.verdict, a.feedback, now);
  const spent = ended ? attemptSpend(town.rigPaths(a.rig), town.paths, a.issue, a.attemptId) : {};
  if (ended && (a.stopped || spent.tokens))
    await appendAttempt(town.rigPaths(a.rig), {
      ...ended,
      ...spent,
      ...(a.stopped ? { stopped: true } : {}),
    } as Attempt);
  if (a.stopSession && a.polecat && readPolecat(town.rigPaths(a.rig), a.polecat)) {
    await stopPolecat(resolvePolecat(town, `${a.rig}/${a.polecat}`), {
      force: true,
      tmux: cx.tmux,
      actor: ACTOR,
    });
  }
  return `attempt ${ended?.attempt ?? '?'} → ${a.verdict}${a.stopSession ? ' (session stopped, worktree kept)' : ''}`;
}

export async function verify(
  cx: ExecContext,
  a: ActionOf<'verify'>,
  snap: DaemonSnapshot,
  now: number,
): Promise<string> {
  const { town } = cx;
  const p = readPolecat(town.rigPaths(a.rig), a.polecat);
  const v = snap.chains.verifier;
  if (!p || !v) return 'skipped';
  const r = await runVerifier(cx.runner, v.command, p.worktree, v.timeout);
  if (r.ok) {
    const cur = readAttempts(town.rigPaths(a.rig), a.issue).find((x) => x.id === a.attemptId);
    if (cur) await appendAttempt(town.rigPaths(a.rig), { ...cur, verified: true } as Attempt);
    return 'verifier accepted';
  }
  if (a.mr)
    await transitionMergeRequest(
      town,
      a.mr,
      'rejected',
      'the verifier refused the change',
      {},
      { from: ['queued'] },
    ).catch(() => undefined);
  await endAttempt(
    town.rigPaths(a.rig),
    a.issue,
    a.attemptId,
    'escalate',
    `The verifier (${v.command.join(' ')}) refused the change:\n${tail(r.output)}`,
    now,
  );
  return `verifier refused (exit ${r.exitCode ?? r.signal})`;
}

/** Spawn a tier: a new attempt (write-ahead, keyed by attempt number) or the resume of a recorded one. */
export async function spawn(cx: ExecContext, a: ActionOf<'spawn'>, now: number): Promise<string> {
  const { town } = cx;
  const paths = town.rigPaths(a.rig);
  let rec: { id: string; polecat: string };
  if (a.resume) {
    rec = { id: a.resume.attemptId, polecat: a.resume.polecat };
    const name = rec.polecat;
    const half = readPolecat(paths, name);
    if (half) {
      if (half.state !== 'spawning') return 'skipped: polecat already exists';
      if (await cx.tmux.hasSession(half.session).catch(() => false)) return 'skipped: its session is up';
      // Left half-made by a killed daemon: a worktree fresh from main holds no work; verify, then clear.
      await clearHalfSpawn(cx, a.rig, name, half.worktree, half.branch);
      removePolecatState(paths, name);
    } else if (existsSync(paths.worktree(name))) {
      await clearHalfSpawn(cx, a.rig, name, paths.worktree(name), polecatBranch(name));
    }
  } else {
    // Keyed by (issue, attempt): a retried action finds its attempt already recorded.
    const prefix = town.rig(a.rig).beads.prefix;
    const pick = async () =>
      pickFreeName(cx.runner.git(paths.canonicalClone), paths, await namesWithSessions(cx.tmux, prefix));
    const written = await recordAttempt(paths, a, pick, now);
    if (!written) return `skipped: attempt ${a.attempt} was already started`;
    rec = { id: written.id, polecat: written.polecat! };
  }
  const r = await spawnRecordedAttempt(town, a, rec, {
    runner: cx.runner,
    tmux: cx.tmux,
    env: cx.env,
    now,
    keepOnRetryable: true,
  });
  return `spawned ${r.polecat.name} (${a.tier.preset}${a.tier.model ? ` ${a.tier.model}` : ''}, tier ${a.tier.name}) on ${a.issue}`;
}

async function clearHalfSpawn(
  cx: ExecContext,
  rig: string,
  name: string,
  worktree: string,
  branch: string,
): Promise<void> {
  const paths = cx.town.rigPaths(rig);
  const v = await verifyPolecatClean(cx.runner, cx.town, { rig, polecat: name, worktree, branch });
  if (!v.clean) throw new Error(`half-spawned ${name} holds work, not touching it: ${v.losses.join('; ')}`);
  const canonical = cx.runner.git(paths.canonicalClone);
  await removeWorktree(canonical, worktree);
  await deleteBranch(canonical, branch);
}

/** An attempt's tokens and estimated cost from the usage ledger (nothing when none were read). */
function attemptSpend(rp: RigPaths, tp: TownPaths, issue: string, attemptId: string): Partial<Attempt> {
  const u = readIssueUsage(rp, issue);
  if (!u) return {};
  const byModel = attemptModelTokens(u, attemptId);
  if (Object.keys(byModel).length === 0) return {};
  let cost: number | undefined;
  try {
    cost = estimateCost(byModel, loadPrices(tp)).usd;
  } catch {
    /* a broken price table: tokens only */
  }
  return { tokens: sumModelTokens(byModel), ...(cost !== undefined ? { cost_usd: cost } : {}) };
}
