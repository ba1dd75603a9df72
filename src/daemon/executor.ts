import { existsSync } from 'node:fs';
import { errorMessage, isOverseerError } from '../core/errors.js';
import { sanitizeLine } from '../core/sanitize.js';
import { appendAttempt, endAttempt, newAttemptId, readAttempts } from '../escalation/attempts.js';
import { deliverNudge } from '../runtime/nudge.js';
import { pickFreeName } from '../polecats/names.js';
import { removePolecat } from '../polecats/remove.js';
import { resolvePolecat } from '../polecats/resolve.js';
import { stopPolecat } from '../polecats/session-ops.js';
import { spawnPolecat } from '../polecats/spawn.js';
import { updatePolecat } from '../polecats/state-update.js';
import { verifyPolecatClean } from '../polecats/verify.js';
import { processQueue } from '../refinery/index.js';
import type { Tmux } from '../runtime/tmux.js';
import { deleteBranch, removeWorktree } from '../runtime/worktree.js';
import { updateIssue } from '../town/issues.js';
import { readMail } from '../town/mail.js';
import { transitionMergeRequest } from '../town/merge-requests.js';
import { readPolecat, removePolecatState } from '../town/polecat-state.js';
import type { Attempt } from '../town/schemas/attempt.js';
import type { Town } from '../town/town.js';
import type { Action } from './actions.js';
import { EXHAUSTED_LABEL } from './decide/escalation.js';
import { tail } from './decide/common.js';
import { sendEscalation } from './escalate.js';
import { gcVerdict, type WorktreeGitFacts } from './gc-verdict.js';
import { markQuestionSent, pokeManager, respawnManager } from './managers.js';
import { restartPolecatSession } from './session-start.js';
import { runVerifier } from './verifier.js';
import { updateWitnessEntry } from './witness-state.js';
import type { DaemonSnapshot } from './snapshot.js';

export const ACTOR = 'daemon';

export type ActionOutcome = { action: Action; ok: boolean; detail: string };

/**
 * Performs the tick's actions, one at a time, and logs each with its reason
 * (and outcome) to .events.jsonl. A failed action is logged and retried by
 * the next tick's decisions; it never stops the tick.
 */
export class DaemonExecutor {
  /** Last GC refusal reason per worktree, so a refusal is logged when it changes, not every pass. */
  private gcRefusals = new Map<string, string>();
  lastGcAt?: number;

  constructor(
    readonly town: Town,
    readonly tmux: Tmux,
    readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  async run(action: Action, snap: DaemonSnapshot, now: number): Promise<ActionOutcome> {
    let detail: string;
    let ok = true;
    try {
      detail = await this.perform(action, snap, now);
    } catch (e) {
      ok = false;
      detail = `failed: ${errorMessage(e)}`;
      if (!isOverseerError(e) && this.env.OVERSEER_DAEMON_DEBUG)
        process.stderr.write(`${(e as Error).stack}\n`);
    }
    if (detail !== '') {
      const a = action as Action & { rig?: string; polecat?: string; issue?: string; epic?: string };
      await this.town.events.emit({
        kind: `daemon.${action.kind}`,
        actor: ACTOR,
        ...(a.rig ? { rig: a.rig } : {}),
        ...(a.polecat
          ? { subject: `${a.rig}/${a.polecat}` }
          : a.issue
            ? { subject: a.issue }
            : a.epic
              ? { subject: a.epic }
              : {}),
        message: sanitizeLine(`${action.kind}: ${action.reason}${detail ? ` — ${detail}` : ''}`, 600),
        data: { reason: action.reason, ok, decided_at: new Date(now).toISOString(), ...actionData(action) },
      });
    }
    return { action, ok, detail };
  }

  private async perform(a: Action, snap: DaemonSnapshot, now: number): Promise<string> {
    const town = this.town;
    switch (a.kind) {
      case 'nudge': {
        const r = await deliverNudge(this.tmux, a.session, a.text, { verifyTimeoutMs: 1500 });
        await updateWitnessEntry(
          town.rigPaths(a.rig),
          a.polecat,
          (e) => ({ ...e, nudges: a.nudge, last_nudge_at: new Date(now).toISOString() }),
          now,
        );
        return r.delivered ? `nudge ${a.nudge} delivered` : `nudge ${a.nudge} not confirmed: ${r.detail}`;
      }
      case 'witness-reset': {
        await updateWitnessEntry(
          town.rigPaths(a.rig),
          a.polecat,
          (e) => {
            const { last_nudge_at: _n, escalated_at: _e, ...rest } = e;
            return { ...rest, nudges: 0 };
          },
          now,
        );
        return 'counters cleared';
      }
      case 'mark-state': {
        const iso = new Date(now).toISOString();
        await updatePolecat(town.rigPaths(a.rig), a.polecat, (p) =>
          p.state === a.state
            ? undefined
            : { ...p, state: a.state, state_source: 'daemon', state_reason: a.reason, state_since: iso },
        );
        return `now ${a.state}`;
      }
      case 'escalate':
        return this.escalate(a, now);
      case 'respawn': {
        const p = readPolecat(town.rigPaths(a.rig), a.polecat);
        if (!p || p.state !== 'dead') return 'skipped: no longer dead';
        await updateWitnessEntry(
          town.rigPaths(a.rig),
          a.polecat,
          (e) => ({ ...e, respawns: e.respawns + 1 }),
          now,
        );
        await restartPolecatSession(
          town,
          this.tmux,
          a.rig,
          a.polecat,
          {
            heading: 'Resuming after a crash',
            text: `Your previous session ended unexpectedly (${p.state_reason}). Your worktree ${p.worktree} is as you left it: check \`git status\` and \`git log\`, then continue.`,
          },
          this.env,
        );
        return `session ${p.session} started again`;
      }
      case 'cycle': {
        const p = readPolecat(town.rigPaths(a.rig), a.polecat);
        if (!p || !p.cycle_requested) return 'skipped: no cycle requested';
        await restartPolecatSession(
          town,
          this.tmux,
          a.rig,
          a.polecat,
          {
            heading: 'Handoff from your previous session',
            text: a.handoff
              ? `${a.handoff.subject}\n\n${a.handoff.body}`
              : 'Your previous session asked for a fresh one but left no handoff note; check git status and git log.',
          },
          this.env,
        );
        if (a.handoff) await readMail(town, a.handoff.mail);
        await updateWitnessEntry(
          town.rigPaths(a.rig),
          a.polecat,
          (e) => {
            const { last_nudge_at: _n, ...rest } = e;
            return { ...rest, nudges: 0 };
          },
          now,
        );
        return `fresh session ${p.session}${a.handoff ? ` with handoff ${a.handoff.mail}` : ''}`;
      }
      case 'cleanup': {
        const ref = resolvePolecat(town, `${a.rig}/${a.polecat}`);
        try {
          const v = await removePolecat(ref, { tmux: this.tmux, actor: ACTOR });
          await updateWitnessEntry(town.rigPaths(a.rig), a.polecat, () => undefined, now);
          return `removed session, worktree and ${ref.state.branch}${v.mergedBy ? ` (merged by ${v.mergedBy})` : ''}`;
        } catch (e) {
          await updateWitnessEntry(
            town.rigPaths(a.rig),
            a.polecat,
            (w) => ({
              ...w,
              verify_failures: w.verify_failures + 1,
              last_verify_at: new Date(now).toISOString(),
            }),
            now,
          );
          throw e;
        }
      }
      case 'spawn':
        return this.spawn(a, snap, now);
      case 'start-attempt': {
        const existing = readAttempts(town.rigPaths(a.rig), a.issue);
        if (existing.some((x) => x.polecat === a.polecat)) return '';
        await appendAttempt(
          town.rigPaths(a.rig),
          attemptRecord(a.rig, a.issue, existing.length + 1, a.chain, a.tier, a.polecat, now, {
            spawned: true,
          }),
        );
        return `attempt ${existing.length + 1} recorded for ${a.polecat}`;
      }
      case 'mark-spawned': {
        const cur = readAttempts(town.rigPaths(a.rig), a.issue).find((x) => x.id === a.attemptId);
        if (!cur || cur.verdict !== 'running') return '';
        await appendAttempt(town.rigPaths(a.rig), { ...cur, spawned: true } as Attempt);
        return '';
      }
      case 'end-attempt': {
        const ended = await endAttempt(
          town.rigPaths(a.rig),
          a.issue,
          a.attemptId,
          a.verdict,
          a.feedback,
          now,
        );
        if (ended && a.stopped)
          await appendAttempt(town.rigPaths(a.rig), { ...ended, stopped: true } as Attempt);
        if (a.stopSession && a.polecat && readPolecat(town.rigPaths(a.rig), a.polecat)) {
          await stopPolecat(resolvePolecat(town, `${a.rig}/${a.polecat}`), {
            force: true,
            tmux: this.tmux,
            actor: ACTOR,
          });
        }
        return `attempt ${ended?.attempt ?? '?'} → ${a.verdict}${a.stopSession ? ' (session stopped, worktree kept)' : ''}`;
      }
      case 'verify': {
        const p = readPolecat(town.rigPaths(a.rig), a.polecat);
        const v = snap.chains.verifier;
        if (!p || !v) return 'skipped';
        const r = await runVerifier(v.command, p.worktree, v.timeout);
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
      case 'refinery': {
        const run = await processQueue(town, a.rig);
        const all = [...run.recovered, ...run.processed];
        return all.length ? all.map((r) => `${r.mr} ${r.outcome}`).join(', ') : 'nothing processable';
      }
      case 'poke-manager':
        return pokeManager(town, this.tmux, a, now);
      case 'respawn-manager':
        return respawnManager(town, this.tmux, a.epic, a.resume, now, this.env);
      case 'gc-pass':
        this.lastGcAt = now;
        return '';
      case 'gc-refuse':
        return this.gcLog(a.rig, a.polecat, a.reason) ? 'refused' : '';
      case 'gc-check':
        return this.gcCheck(a, now);
    }
  }

  private async escalate(a: Extract<Action, { kind: 'escalate' }>, now: number): Promise<string> {
    const town = this.town;
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
    if (a.about === 'exhausted' && a.issue)
      await updateIssue(town, a.issue, { addLabels: [EXHAUSTED_LABEL] });
    if (a.about === 'manager' && a.epic) {
      await markQuestionSent(town, a.epic, now);
    }
    return `mail ${sent.map((m) => `${m.id} → ${m.assignee}`).join(', ')}`;
  }

  private async spawn(
    a: Extract<Action, { kind: 'spawn' }>,
    _snap: DaemonSnapshot,
    now: number,
  ): Promise<string> {
    const town = this.town;
    const paths = town.rigPaths(a.rig);
    const existing = readAttempts(paths, a.issue);
    let attemptId: string;
    let name: string;
    if (a.resume) {
      attemptId = a.resume.attemptId;
      name = a.resume.polecat;
      const half = readPolecat(paths, name);
      if (half) {
        if (half.state !== 'spawning') return 'skipped: polecat already exists';
        if (await this.tmux.hasSession(half.session).catch(() => false)) return 'skipped: its session is up';
        // Left half-made by a killed daemon: a worktree fresh from main holds no work; verify, then clear.
        await this.clearHalfSpawn(a.rig, name, half.worktree, half.branch);
        removePolecatState(paths, name);
      } else if (existsSync(paths.worktree(name))) {
        await this.clearHalfSpawn(a.rig, name, paths.worktree(name), `polecat/${name}`);
      }
    } else {
      // Keyed by (issue, tier): a retried action finds its attempt already recorded.
      if (existing.some((x) => x.attempt >= a.attempt))
        return `skipped: attempt ${a.attempt} was already started`;
      name = await pickFreeName(paths);
      const rec = attemptRecord(a.rig, a.issue, a.attempt, a.chain, a.tier, name, now, {
        spawned: false,
        ...(a.feedback ? { feedback_in: a.feedback } : {}),
      });
      attemptId = rec.id;
      // Write-ahead: the attempt (with the polecat's name) is on disk before anything starts.
      await appendAttempt(paths, rec);
    }
    try {
      const r = await spawnPolecat(town, {
        issue: a.issue,
        name,
        agent: a.tier.preset,
        ...(a.tier.model ? { model: a.tier.model } : {}),
        tier: a.tier.index,
        ...(a.feedback ? { feedback: a.feedback } : {}),
        tmux: this.tmux,
        env: this.env,
      });
      const cur = readAttempts(paths, a.issue).find((x) => x.id === attemptId);
      if (cur) await appendAttempt(paths, { ...cur, spawned: true } as Attempt);
      return `spawned ${r.polecat.name} (${a.tier.preset}${a.tier.model ? ` ${a.tier.model}` : ''}, tier ${a.tier.name}) on ${a.issue}`;
    } catch (e) {
      if (isOverseerError(e) && (e.code === 'max-workers' || e.code === 'issue-taken')) throw e; // retried next tick
      await endAttempt(paths, a.issue, attemptId, 'error', `spawn failed: ${errorMessage(e)}`, now);
      throw e;
    }
  }

  private async clearHalfSpawn(rig: string, name: string, worktree: string, branch: string): Promise<void> {
    const paths = this.town.rigPaths(rig);
    const v = await verifyPolecatClean(this.town, { rig, polecat: name, worktree, branch });
    if (!v.clean) throw new Error(`half-spawned ${name} holds work, not touching it: ${v.losses.join('; ')}`);
    await removeWorktree(paths.canonicalClone, worktree);
    await deleteBranch(paths.canonicalClone, branch);
  }

  private gcLog(rig: string, polecat: string, reason: string): boolean {
    const key = `${rig}/${polecat}`;
    if (this.gcRefusals.get(key) === reason) return false;
    this.gcRefusals.set(key, reason);
    return true;
  }

  private async gcCheck(a: Extract<Action, { kind: 'gc-check' }>, now: number): Promise<string> {
    const town = this.town;
    const paths = town.rigPaths(a.rig);
    const state = readPolecat(paths, a.polecat);
    const worktree = state?.worktree ?? paths.worktree(a.polecat);
    const branch = state?.branch ?? `polecat/${a.polecat}`;
    let facts: WorktreeGitFacts;
    try {
      const v = await verifyPolecatClean(town, { rig: a.rig, polecat: a.polecat, worktree, branch });
      facts = { exists: v.worktreeExists, dirty: v.dirty, unsafeCommits: v.unlanded.map((c) => c.sha) };
    } catch (e) {
      facts = { exists: existsSync(worktree), dirty: [], unsafeCommits: [], error: errorMessage(e) };
    }
    // The snapshot is from the start of the tick: make sure no session came up since.
    if (
      state &&
      (await this.tmux.hasSession(state.session).catch(() => false)) &&
      !(await this.tmux.paneDead(state.session).catch(() => true))
    ) {
      const why = `session ${state.session} is running`;
      return this.gcLog(a.rig, a.polecat, why) ? `refused: ${why}` : '';
    }
    const verdict = gcVerdict(facts);
    if (!verdict.remove) {
      if (!this.gcLog(a.rig, a.polecat, verdict.reason)) return '';
      return `refused: ${verdict.reason}`;
    }
    if (state)
      await removePolecat(resolvePolecat(town, `${a.rig}/${a.polecat}`), { tmux: this.tmux, actor: ACTOR });
    else {
      await removeWorktree(paths.canonicalClone, worktree);
      await deleteBranch(paths.canonicalClone, branch);
    }
    await updateWitnessEntry(paths, a.polecat, () => undefined, now);
    this.gcRefusals.delete(`${a.rig}/${a.polecat}`);
    return `removed worktree ${worktree} and ${branch}: ${verdict.reason}`;
  }
}

function attemptRecord(
  rig: string,
  issue: string,
  n: number,
  chain: string,
  tier: { index: number; name: string; preset: string; model?: string },
  polecat: string,
  now: number,
  extra: Record<string, unknown>,
): Attempt {
  return {
    version: 1,
    id: newAttemptId(issue, n),
    issue,
    rig,
    attempt: n,
    tier: tier.index,
    tier_name: tier.name,
    preset: tier.preset,
    ...(tier.model ? { model: tier.model } : {}),
    polecat,
    started_at: new Date(now).toISOString(),
    verdict: 'running',
    chain,
    ...extra,
  } as Attempt;
}

function actionData(a: Action): Record<string, unknown> {
  switch (a.kind) {
    case 'nudge':
      return { nudge: a.nudge };
    case 'escalate':
      return { about: a.about, to: a.to, ...(a.issue ? { issue: a.issue } : {}) };
    case 'spawn':
      return {
        issue: a.issue,
        chain: a.chain,
        tier: a.tier.name,
        preset: a.tier.preset,
        model: a.tier.model,
        attempt: a.attempt,
      };
    case 'end-attempt':
      return { issue: a.issue, verdict: a.verdict };
    default:
      return {};
  }
}
