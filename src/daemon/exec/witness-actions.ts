import { removePolecat } from '../../polecats/remove.js';
import { runnerFor } from '../../runtime/hosts.js';
import { townServer } from '../../runtime/town-tmux.js';
import { nudgeSession, polecatNudgeTarget } from '../../polecats/session-ops.js';
import { resolvePolecat } from '../../polecats/resolve.js';
import { updatePolecat } from '../../town/polecat-state.js';
import { readMail } from '../../town/mail.js';
import { readPolecat } from '../../town/polecat-state.js';
import { restartPolecatSession } from '../session-start.js';
import { updateWitnessEntry } from '../witness-state.js';
import { ACTOR, type ActionOf, type ExecContext } from './context.js';

/** Witness actions on one polecat: nudge, counters, state marks, respawn, cycle, cleanup. */

export async function nudge(cx: ExecContext, a: ActionOf<'nudge'>, now: number): Promise<string> {
  // Decided on the tick's snapshot: a polecat that finished (or ended) meanwhile is not nudged.
  const fresh = readPolecat(cx.town.rigPaths(a.rig), a.polecat);
  if (fresh && (fresh.state === 'done' || fresh.state === 'dead')) return `skipped: now ${fresh.state}`;
  const to = polecatNudgeTarget(a.rig, a.polecat, a.session);
  // On an outpost the keys go through its SSH runner's tmux (the town's server there).
  const tmux =
    fresh && fresh.outpost !== 'local'
      ? runnerFor(cx.town, fresh.outpost).tmux(townServer(cx.town, cx.env))
      : cx.tmux;
  const r = await nudgeSession(cx.town, tmux, to, a.text, { verifyTimeoutMs: 1500, from: ACTOR });
  // The nudge counts from when delivery finished: the pane's echo of our own text
  // (which can take seconds on a loaded machine) must not read as the agent's progress.
  const at = Math.max(now, Date.now());
  await updateWitnessEntry(
    cx.town.rigPaths(a.rig),
    a.polecat,
    (e) => ({
      ...e,
      nudges: a.nudge,
      last_nudge_at: new Date(at).toISOString(),
      last_nudge_kind: a.about ?? 'stuck',
    }),
    now,
  );
  return r.delivered ? `nudge ${a.nudge} delivered` : `nudge ${a.nudge} not confirmed: ${r.detail}`;
}

export async function witnessReset(
  cx: ExecContext,
  a: ActionOf<'witness-reset'>,
  now: number,
): Promise<string> {
  await updateWitnessEntry(
    cx.town.rigPaths(a.rig),
    a.polecat,
    (e) => {
      const { last_nudge_at: _n, escalated_at: _e, last_nudge_kind: _k, ...rest } = e;
      return { ...rest, nudges: 0 };
    },
    now,
  );
  return 'counters cleared';
}

export async function markState(cx: ExecContext, a: ActionOf<'mark-state'>, now: number): Promise<string> {
  const iso = new Date(now).toISOString();
  await updatePolecat(cx.town.rigPaths(a.rig), a.polecat, (p) =>
    p.state === a.state
      ? undefined
      : { ...p, state: a.state, state_source: 'daemon', state_reason: a.reason, state_since: iso },
  );
  return `now ${a.state}`;
}

export async function respawn(cx: ExecContext, a: ActionOf<'respawn'>, now: number): Promise<string> {
  const { town } = cx;
  const p = readPolecat(town.rigPaths(a.rig), a.polecat);
  if (!p || p.state !== 'dead') return 'skipped: no longer dead';
  const counted = () =>
    updateWitnessEntry(town.rigPaths(a.rig), a.polecat, (e) => ({ ...e, respawns: e.respawns + 1 }), now);
  let started: boolean;
  try {
    // Checked again under the session lock: a spawn or another respawn may have won meanwhile.
    started = await restartPolecatSession(
      town,
      cx.runner,
      cx.tmux,
      a.rig,
      a.polecat,
      {
        heading: 'Resuming after a crash',
        text: `Your previous session ended unexpectedly (${p.state_reason}). Your worktree ${p.worktree} is as you left it: check \`git status\` and \`git log\`, then continue.`,
      },
      cx.env,
      (fresh) => fresh.state === 'dead' && fresh.issue === p.issue,
    );
  } catch (e) {
    await counted(); // a respawn that fails counts: the cap still ends in an escalation
    throw e;
  }
  if (!started) return 'skipped: no longer dead';
  await counted();
  return `session ${p.session} started again`;
}

export async function cycle(cx: ExecContext, a: ActionOf<'cycle'>, now: number): Promise<string> {
  const { town } = cx;
  const p = readPolecat(town.rigPaths(a.rig), a.polecat);
  if (!p || !p.cycle_requested) return 'skipped: no cycle requested';
  const started = await restartPolecatSession(
    town,
    cx.runner,
    cx.tmux,
    a.rig,
    a.polecat,
    {
      heading: 'Handoff from your previous session',
      text: a.handoff
        ? `${a.handoff.subject}\n\n${a.handoff.body}`
        : 'Your previous session asked for a fresh one but left no handoff note; check git status and git log.',
    },
    cx.env,
    (fresh) => fresh.cycle_requested === true,
  );
  if (!started) return 'skipped: no cycle requested';
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

export async function cleanup(cx: ExecContext, a: ActionOf<'cleanup'>, now: number): Promise<string> {
  const { town } = cx;
  const ref = resolvePolecat(town, `${a.rig}/${a.polecat}`);
  try {
    const v = await removePolecat(ref, { tmux: cx.tmux, actor: ACTOR });
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
