import { mkdirSync } from 'node:fs';
import { errorMessage, OverseerError } from '../../core/errors.js';
import { withLock } from '../../core/lock.js';
import { assertName } from '../../core/names.js';
import { nowIso } from '../../core/time.js';
import { runnerFor } from '../../runtime/hosts.js';
import type { SshRunner } from '../../runtime/ssh/ssh-runner.js';
import { polecatSession, townServer } from '../../runtime/town-tmux.js';
import { addWorktree, baseRef, deleteBranch, fetchAll, removeWorktree } from '../../runtime/worktree.js';
import { readPolecats, removePolecatState, writePolecat } from '../../town/polecat-state.js';
import { type PolecatState, polecatBranch } from '../../town/schemas/polecat.js';
import type { Town } from '../../town/town.js';
import { launchAgentSession } from '../agent-session.js';
import { endPolecatSession } from '../end-session.js';
import { isNameFree, pickFreeName } from '../names.js';
import { spawnLockPath } from '../pool.js';
import { polecatLaunch, recordSpawned } from '../spawn-record.js';
import { assertSlotFree, type SpawnOptions, type SpawnResult, spawnTarget } from '../spawn-checks.js';
import { newCallToken, outpostAgentHost } from './agent-host.js';
import { pushBase } from './mirror.js';
import { assertOutpostSlot } from './slots.js';

/**
 * Spawn on an outpost: the state file, beads and mail stay in the town; the
 * rig's base is pushed to the outpost's mirror, the worktree (branch
 * polecat/NAME) and the tmux session live there. The connection is checked
 * before anything is written, so an unreachable outpost changes nothing.
 */
export async function spawnOnOutpost(town: Town, opts: SpawnOptions, r: SshRunner): Promise<SpawnResult> {
  const env = opts.env ?? process.env;
  const t0 = performance.now();
  const { issue, rig, config, paths, agent, preset } = spawnTarget(town, opts.issue, opts.agent);
  if (opts.name !== undefined) assertName('polecat', opts.name);
  await r.conn.ensure();
  const canonical = runnerFor(town).git(paths.canonicalClone);
  const tmux = r.tmux(townServer(town, env));
  mkdirSync(paths.polecatStateDir, { recursive: true });
  const fetched = opts.fetch !== false ? fetchAll(canonical) : Promise.resolve(false);
  const created = await withLock(spawnLockPath(paths), async () => {
    assertSlotFree(paths, config, issue.id, readPolecats(paths).polecats, r.host);
    assertOutpostSlot(town, r.host, r.config.max_workers);
    const name = opts.name ?? (await pickFreeName(canonical, paths));
    if (opts.name !== undefined && !(await isNameFree(canonical, paths, opts.name)))
      throw new OverseerError(
        'name-taken',
        `polecat name ${JSON.stringify(opts.name)} is in use in rig ${rig}`,
      );
    const now = nowIso();
    const state: PolecatState = {
      version: 1,
      name,
      rig,
      issue: issue.id,
      branch: polecatBranch(name),
      worktree: r.layout.worktree(rig, name),
      session: polecatSession(config.beads.prefix, name),
      agent,
      model: opts.model ?? preset.default_model,
      tier: opts.tier,
      outpost: r.host,
      call_token: newCallToken(),
      state: 'spawning',
      state_source: 'lifecycle',
      state_reason: `spawn: creating worktree on outpost ${r.host}`,
      state_since: now,
      created_at: now,
      updated_at: now,
    };
    await writePolecat(paths, state);
    return state;
  });
  await fetched;
  const lock = Math.round(performance.now() - t0);
  const { name, branch, worktree, session } = created;
  let sessionStarted = false;
  let mirror;
  try {
    const base = await canonical.rev(await baseRef(canonical, config.default_branch));
    mirror = await pushBase(r, canonical, rig, config.default_branch, base);
    await addWorktree(mirror, worktree, branch, base);
    const wt = Math.round(performance.now() - t0) - lock;
    const launch = polecatLaunch(town, paths, created, issue, preset, opts.feedback);
    const host = await outpostAgentHost(r, { rig, name, call_token: created.call_token!, session, worktree });
    const argv = await launchAgentSession(town, r, tmux, { ...launch, host }, env);
    sessionStarted = true;
    const polecat = await recordSpawned(town, paths, created, {
      issue: issue.id,
      promptFile: launch.promptFile,
      where: ` on outpost ${r.host}`,
      data: { outpost: r.host },
    });
    const total = Math.round(performance.now() - t0);
    return {
      polecat,
      session,
      worktree,
      argv,
      warm: false,
      timings: { lock, worktree: wt, session: total - lock - wt, total },
    };
  } catch (e) {
    await undoRemoteSpawn(town, r, created, sessionStarted, e).catch(() => undefined);
    throw e;
  }
}

/** A failed spawn on an outpost: its session ended, its worktree and branch removed (they hold no work yet), its state file gone. */
async function undoRemoteSpawn(
  town: Town,
  r: SshRunner,
  p: PolecatState,
  sessionStarted: boolean,
  cause: unknown,
): Promise<void> {
  const paths = town.rigPaths(p.rig);
  try {
    if (sessionStarted) await endPolecatSession(town, r, r.tmux(townServer(town)), p);
    const mirror = r.git(r.layout.mirror(p.rig));
    await removeWorktree(mirror, p.worktree);
    await deleteBranch(mirror, p.branch);
  } catch (e) {
    await town.events.emit({
      kind: 'polecat.spawn-failed',
      actor: 'overseer',
      rig: p.rig,
      subject: `${p.rig}/${p.name}`,
      message: `spawn on outpost ${r.host} failed (${errorMessage(cause)}); could not clean up there: ${errorMessage(e)}`,
    });
  } finally {
    removePolecatState(paths, p.name);
  }
}
