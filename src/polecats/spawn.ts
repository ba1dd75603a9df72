import { mkdirSync } from 'node:fs';
import { errorMessage, OverseerError } from '../core/errors.js';
import { withLock } from '../core/lock.js';
import { assertName } from '../core/names.js';
import { nowIso } from '../core/time.js';
import { readPolecats, removePolecatState, writePolecat } from '../town/polecat-state.js';
import { type PolecatState, polecatBranch } from '../town/schemas/polecat.js';
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
import { polecatLaunch, recordSpawned } from './spawn-record.js';
import { launchAgentSession } from './agent-session.js';
import { endPolecatSession } from './end-session.js';
import { verifyPolecatClean } from './verify.js';

import { spawnPlaced } from './outpost/place.js';
import { assertSlotFree, spawnTarget, type SpawnOptions, type SpawnResult } from './spawn-checks.js';

export { assertSlotFree, spawnTarget, type SpawnOptions, type SpawnResult };

/**
 * Start a polecat on an issue: a name from the pool, branch polecat/NAME and
 * worktree RIG/polecats/NAME from the default branch, the state file, the
 * prompt file, and a tmux session running the preset's agent in the
 * worktree. On any failure the pieces made so far are removed (they hold no
 * work yet), so nothing half-made stays behind.
 */
export async function spawnPolecat(town: Town, opts: SpawnOptions): Promise<SpawnResult> {
  return spawnPlaced(town, opts, (o) => spawnHere(town, o));
}

/** spawnPolecat on this machine. */
async function spawnHere(town: Town, opts: SpawnOptions): Promise<SpawnResult> {
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
  const { branch, worktree, session } = created;
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

    const launch = polecatLaunch(town, paths, created, issue, preset, opts.feedback);
    const { promptFile } = launch;
    const argv = await launchAgentSession(town, runner, tmux, launch, env);
    sessionStarted = true;
    lap('session');

    const polecat = await recordSpawned(town, paths, created, {
      issue: issue.id,
      promptFile,
      where: '',
      data: { warm },
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
