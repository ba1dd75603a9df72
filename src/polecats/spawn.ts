import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { getPreset, loadAgentsConfig } from '../agents/presets.js';
import { errorMessage, OverseerError } from '../core/errors.js';
import { withLock } from '../core/lock.js';
import { assertName } from '../core/names.js';
import { nowIso } from '../core/time.js';
import { updateIssue } from '../town/issues.js';
import { issueToChange } from '../town/issue-map.js';
import { readPolecats, removePolecatState, writePolecat } from '../town/polecat-state.js';
import type { RigPaths } from '../town/paths.js';
import { type PolecatState, isLive, polecatAddress, polecatBranch } from '../town/schemas/polecat.js';
import { isSpawnable } from '../town/schemas/bead.js';
import type { RigConfig } from '../town/schemas/rig.js';
import type { Town } from '../town/town.js';
import type { Tmux } from '../runtime/tmux.js';
import { polecatSession, townServer } from '../runtime/town-tmux.js';
import { runnerFor } from '../runtime/hosts.js';
import type { Runner } from '../runtime/runner.js';
import {
  addWorktree,
  baseRef,
  checkoutNewBranch,
  deleteBranch,
  fetchAll,
  removeWorktree,
} from '../runtime/worktree.js';
import { isNameFree, namesWithSessions, pickFreeName } from './names.js';
import { acquireSessionLock } from './session-lock.js';
import { type Claim, claimPoolEntry, spawnLockPath } from './pool.js';
import { buildPrompt } from './prompt.js';
import { launchAgentSession, polecatMark } from './agent-session.js';
import { endPolecatSession } from './end-session.js';
import { verifyPolecatClean } from './verify.js';

export type SpawnOptions = {
  issue: string;
  agent?: string;
  name?: string;
  model?: string;
  tier?: number;
  feedback?: string;
  /** Fetch origin before branching (default true). */
  fetch?: boolean;
  /** The runner of the host the polecat goes to; default this machine's. */
  runner?: Runner;
  tmux?: Tmux;
  env?: NodeJS.ProcessEnv;
};

export type SpawnResult = {
  polecat: PolecatState;
  session: string;
  worktree: string;
  argv: string[];
  /** The worktree came from the rig's warm pool (a rename and a branch checkout), not a fresh checkout. */
  warm: boolean;
  /** Where the time went, in ms: the spawn lock (name, slot, state file; fetch runs meanwhile), checkout, session, total. */
  timings: { lock: number; worktree: number; session: number; total: number };
};

/** The issue, its rig and the agent preset of a spawn, checked: work an agent can take, open, known preset. */
export function spawnTarget(town: Town, issueId: string, agentName?: string) {
  // Not an issue whose latest line cannot be read: its last good record is stale.
  const issue = issueToChange(town.beadsFor(issueId).all(), issueId);
  const rig = town.rigForBead(issue.id);
  const config = town.rig(rig);
  const paths = town.rigPaths(rig);
  if (!isSpawnable(issue.issue_type)) {
    throw new OverseerError('not-work', `${issue.id} is a ${issue.issue_type}, not work a polecat can take`);
  }
  if (issue.status === 'closed') throw new OverseerError('issue-closed', `${issue.id} is closed`);
  const agents = loadAgentsConfig(town.paths.configDir);
  const agent = agentName ?? config.default_agent;
  const preset = getPreset(agents, agent);
  return { issue, rig, config, paths, agent, preset };
}

/** Throws unless the issue has no active polecat and the rig has a free worker slot (max_workers). */
export function assertSlotFree(
  paths: RigPaths,
  config: RigConfig,
  issueId: string,
  polecats: readonly PolecatState[],
): void {
  const rig = config.name;
  const holder = polecats.find((p) => p.issue === issueId && isLive(p.state));
  if (holder) {
    throw new OverseerError(
      'issue-taken',
      `${issueId} is already being worked on by polecat ${rig}/${holder.name} (${holder.state})`,
    );
  }
  const active = polecats.filter((p) => isLive(p.state));
  if (active.length >= config.max_workers) {
    throw new OverseerError(
      'max-workers',
      `rig ${rig} already runs ${active.length} of max_workers ${config.max_workers}: ${active.map((p) => `${p.name} (${p.state})`).join(', ')}`,
      { hint: `wait for one to finish, stop one, or raise max_workers in ${paths.config}` },
    );
  }
}

/**
 * Start a polecat on an issue: a name from the pool, branch polecat/NAME and
 * worktree RIG/polecats/NAME from the default branch, the state file, the
 * prompt file, and a tmux session running the preset's agent in the
 * worktree. On any failure the pieces made so far are removed (they hold no
 * work yet), so nothing half-made stays behind.
 */
export async function spawnPolecat(town: Town, opts: SpawnOptions): Promise<SpawnResult> {
  const env = opts.env ?? process.env;
  const t0 = performance.now();
  const timings = { lock: 0, worktree: 0, session: 0, total: 0 };
  let mark = t0;
  const lap = (k: keyof typeof timings) => {
    const t = performance.now();
    timings[k] = Math.round(t - mark);
    mark = t;
  };
  const { issue, rig, config, paths, agent, preset } = spawnTarget(town, opts.issue, opts.agent);
  if (opts.name !== undefined) assertName('polecat', opts.name);
  const runner = opts.runner ?? runnerFor(town);
  const tmux = opts.tmux ?? runner.tmux(townServer(town, env));
  const canonical = runner.git(paths.canonicalClone);

  mkdirSync(paths.polecatStateDir, { recursive: true });
  // Fetching does not depend on the name: run it while the spawn lock picks one.
  const fetched = opts.fetch !== false ? fetchAll(canonical) : Promise.resolve(false);
  let claim: Claim = { claimed: false, discarded: [] };
  let releaseSession: (() => Promise<void>) | undefined;
  const claimed = withLock(spawnLockPath(paths), async () => {
    const { polecats } = readPolecats(paths);
    assertSlotFree(paths, config, issue.id, polecats);
    // A name whose tmux session exists is not free: that session would block ours.
    const withSession = await namesWithSessions(tmux, config.beads.prefix);
    let name: string;
    if (opts.name !== undefined) {
      if (!(await isNameFree(canonical, paths, opts.name, withSession))) {
        throw new OverseerError(
          'name-taken',
          `polecat name ${JSON.stringify(opts.name)} is in use in rig ${rig} (state file, worktree, branch or tmux session)`,
        );
      }
      name = opts.name;
    } else name = await pickFreeName(canonical, paths, withSession);
    // Held until the session runs (or the spawn is undone): no respawn starts one meanwhile.
    releaseSession = await acquireSessionLock(paths, name);
    const now = nowIso();
    const state: PolecatState = {
      version: 1,
      name,
      rig,
      issue: issue.id,
      branch: polecatBranch(name),
      worktree: paths.worktree(name),
      session: polecatSession(config.beads.prefix, name),
      agent,
      model: opts.model ?? preset.default_model,
      tier: opts.tier,
      outpost: runner.host,
      state: 'spawning',
      state_source: 'lifecycle',
      state_reason: 'spawn: creating worktree',
      state_since: now,
      created_at: now,
      updated_at: now,
    };
    await writePolecat(paths, state);
    // A warm worktree, if the pool has a clean one: renamed to this polecat's path under the lock.
    claim = await claimPoolEntry(runner, paths, state.worktree);
    return state;
  });

  let created: PolecatState;
  try {
    [created] = await Promise.all([claimed, fetched]);
  } catch (e) {
    await releaseSession?.().catch(() => undefined);
    throw e;
  }
  lap('lock');
  const { name, branch, worktree, session } = created;
  let sessionStarted = false;
  try {
    const base = await baseRef(canonical, config.default_branch);
    let warm = claim.claimed;
    if (warm) {
      try {
        await checkoutNewBranch(runner.git(worktree), branch, base);
      } catch {
        // The claimed entry is off after all (it never held work): check out fresh instead.
        warm = false;
        await removeWorktree(canonical, worktree);
        await deleteBranch(canonical, branch);
      }
    }
    if (!warm) await addWorktree(canonical, worktree, branch, base);
    lap('worktree');

    const prompt = buildPrompt({ issue, rig, polecat: name, branch, worktree, feedback: opts.feedback });
    const promptFile = join(paths.runtimeDir, 'prompts', `${name}.md`);
    const argv = await launchAgentSession(
      town,
      runner,
      tmux,
      {
        session,
        cwd: worktree,
        agent,
        preset,
        model: created.model,
        prompt,
        promptFile,
        env: { OVERSEER_RIG: rig, OVERSEER_POLECAT: name, OVERSEER_ISSUE: issue.id },
        mark: polecatMark(town, created),
      },
      env,
    );
    sessionStarted = true;
    lap('session');

    const polecat: PolecatState = {
      ...created,
      prompt_file: promptFile,
      state_reason: `session ${session} started`,
    };
    await Promise.all([
      writePolecat(paths, polecat),
      updateIssue(town, issue.id, { status: 'in_progress', assignee: polecatAddress(rig, name) }),
    ]);
    await town.events.emit({
      kind: 'polecat.spawned',
      actor: 'overseer',
      rig,
      subject: `${rig}/${name}`,
      message: `spawned ${name} (${agent}) on ${issue.id}`,
      data: { issue: issue.id, agent, branch, session, warm },
    });
    timings.total = Math.round(performance.now() - t0);
    return { polecat, session, worktree, argv, warm, timings };
  } catch (e) {
    await undoSpawn(town, runner, tmux, created, sessionStarted, e);
    throw e;
  } finally {
    await releaseSession?.().catch(() => undefined);
  }
}

async function undoSpawn(
  town: Town,
  runner: Runner,
  tmux: Tmux,
  p: PolecatState,
  sessionStarted: boolean,
  cause: unknown,
): Promise<void> {
  const paths = town.rigPaths(p.rig);
  if (sessionStarted) {
    await endPolecatSession(town, runner, tmux, p).catch(() => undefined);
    // The agent ran: it may have written work. Keep anything that is not clean, marked dead.
    const target = { rig: p.rig, polecat: p.name, worktree: p.worktree, branch: p.branch };
    const losses = await verifyPolecatClean(runner, town, target, { fetch: false }).then(
      (v) => v.losses,
      (e: unknown) => [`cannot verify it: ${errorMessage(e)}`],
    );
    if (losses.length > 0) {
      const now = nowIso();
      const reason = `spawn failed after its session started (${errorMessage(cause)}); worktree kept: ${losses.slice(0, 3).join('; ')}`;
      await writePolecat(paths, {
        ...p,
        state: 'dead',
        state_source: 'lifecycle',
        state_reason: reason,
        state_since: now,
        updated_at: now,
      });
      return;
    }
  }
  try {
    // The name was free under the spawn lock, so this worktree and branch are ours; any work was checked above.
    const canonical = runner.git(paths.canonicalClone);
    await removeWorktree(canonical, p.worktree);
    await deleteBranch(canonical, p.branch);
  } finally {
    removePolecatState(paths, p.name);
  }
}
