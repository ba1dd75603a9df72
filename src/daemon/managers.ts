import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { OverseerError } from '../core/errors.js';
import { tryReadJson, writeJsonAtomic } from '../core/json-file.js';
import { withLock } from '../core/lock.js';
import { nudgeSession } from '../polecats/session-ops.js';
import type { Runner } from '../runtime/runner.js';
import type { Tmux } from '../runtime/tmux.js';
import { getIssue } from '../town/issues.js';
import { MayorState } from '../town/schemas/town.js';
import type { Town } from '../town/town.js';
import type { Action } from './actions.js';
import { startAgentSession } from './session-start.js';
import { sanitize, sanitizeLine } from '../core/sanitize.js';

/**
 * Manager sessions: an agent (the mayor's deputy) driving one epic. Recorded
 * in mayor/state.json managers[epic] so the supervisor can poke or respawn it.
 */
type Manager = MayorState['managers'][string] & { prompt?: string; agent?: string; model?: string };

/** A manager's working directory: its own, outside every git clone (hooks and notes stay out of the code). */
export function managerDir(town: Town, epic: string): string {
  const dir = join(town.paths.mayorDir, 'managers', epic);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function managerSession(epic: string): string {
  return `ov-mgr-${epic.replace(/[^a-z0-9-]/g, '-')}`;
}

export async function updateMayor(
  town: Town,
  fn: (m: MayorState) => void,
  now = Date.now(),
): Promise<MayorState> {
  return withLock(town.paths.mayorState, async () => {
    const r = tryReadJson(town.paths.mayorState, MayorState);
    const m: MayorState = r.ok
      ? r.value
      : { version: 1, updated_at: new Date(now).toISOString(), managers: {} };
    fn(m);
    m.updated_at = new Date(now).toISOString();
    await writeJsonAtomic(town.paths.mayorState, m);
    return m;
  });
}

export function managerPrompt(town: Town, epic: string): string {
  const issue = getIssue(town, epic);
  return [
    `You are the manager of epic ${issue.id} in the town at ${town.root}.`,
    `Title: ${sanitizeLine(issue.title)}`,
    '',
    sanitize(issue.description).trim() || '(no description)',
    '',
    'Drive the epic to completion: create and order its issues (`overseer issue create --parent`),',
    'spawn workers (`overseer spawn`), watch the merge queue (`overseer mq list`), and answer mail.',
    'The supervisor will send you the state of the workers whenever none of them is making progress.',
    '',
  ].join('\n');
}

/** Start (or restart) the manager session of an epic; records it in mayor/state.json. */
export async function startManager(
  town: Town,
  runner: Runner,
  tmux: Tmux,
  epic: string,
  opts: { agent?: string; model?: string; resume?: string; now?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<Manager> {
  const now = opts.now ?? Date.now();
  const issue = getIssue(town, epic);
  if (issue.issue_type !== 'epic')
    throw new OverseerError('not-an-epic', `${epic} is a ${issue.issue_type}, not an epic`);
  if (issue.status === 'closed') throw new OverseerError('issue-closed', `${epic} is closed`);
  const rig = town.rigForBead(epic);
  const existing = tryReadJson(town.paths.mayorState, MayorState);
  const prev = (existing.ok ? existing.value.managers[epic] : undefined) as Manager | undefined;
  const agent = opts.agent ?? prev?.agent ?? town.rig(rig).default_agent;
  const model = opts.model ?? prev?.model;
  const base = prev?.prompt ?? managerPrompt(town, epic);
  const prompt = opts.resume ? `${base}\n## Resume\n\n${opts.resume}\n` : base;
  const session = managerSession(epic);
  await startAgentSession(
    town,
    runner,
    tmux,
    {
      session,
      cwd: managerDir(town, epic),
      preset: agent,
      ...(model ? { model } : {}),
      prompt,
      promptFile: join(town.paths.runtimeDir, 'managers', `${epic}.md`),
      env: { OVERSEER_RIG: rig, OVERSEER_EPIC: epic, OVERSEER_ISSUE: epic },
    },
    opts.env,
  );
  let out!: Manager;
  await updateMayor(
    town,
    (m) => {
      const cur = (m.managers[epic] ?? { epic, rig, sessions_started: 0 }) as Manager;
      out = {
        ...cur,
        epic,
        rig,
        session,
        agent,
        ...(model ? { model } : {}),
        prompt: base,
        sessions_started: cur.sessions_started + 1,
        ...(opts.resume ? { last_respawn_at: new Date(now).toISOString() } : {}),
      };
      m.managers[epic] = out;
    },
    now,
  );
  return out;
}

export async function pokeManager(
  town: Town,
  tmux: Tmux,
  a: Extract<Action, { kind: 'poke-manager' }>,
  now: number,
): Promise<string> {
  // Recorded first: a failed delivery still waits out the cooldown instead of retrying every tick.
  await updateMayor(
    town,
    (m) => {
      const cur = m.managers[a.epic];
      if (cur) cur.last_poke_at = new Date(now).toISOString();
    },
    now,
  );
  const to = { session: a.session, subject: a.epic, label: `the manager of ${a.epic}` };
  const r = await nudgeSession(town, tmux, to, a.text, { verifyTimeoutMs: 1500, from: 'daemon' });
  return r.delivered ? 'poke delivered' : `poke not confirmed: ${r.detail}`;
}

export async function respawnManager(
  town: Town,
  runner: Runner,
  tmux: Tmux,
  epic: string,
  resume: string,
  now: number,
  env?: NodeJS.ProcessEnv,
): Promise<string> {
  const m = await startManager(town, runner, tmux, epic, { resume, now, ...(env ? { env } : {}) });
  return `manager session ${m.session} started (${m.sessions_started} so far)`;
}

export async function markQuestionSent(town: Town, epic: string, now: number): Promise<void> {
  await updateMayor(
    town,
    (m) => {
      const cur = m.managers[epic];
      if (cur) cur.question_sent_at = new Date(now).toISOString();
    },
    now,
  );
}
