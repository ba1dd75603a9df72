import { execa, type ResultPromise } from 'execa';
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createIssue } from '../../src/town/issues.js';
import { readPolecats } from '../../src/town/polecat-state.js';
import { OVERSEER_BIN, ov } from '../support/cli.js';
import { daemonTown, FAST_SETTINGS } from '../support/daemon-town.js';
import { acquireSessionLock } from '../../src/polecats/session-lock.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { updatePolecat } from '../../src/town/polecat-state.js';
import { makeTown, type TownFixture } from '../support/town-fixture.js';

/**
 * Defect 3 of issue 17: a spawn racing a daemon tick. The tick saw the new
 * polecat's state (spawning) before its session existed, marked it dead and
 * respawned it; the spawn then failed on "session already exists", undid
 * itself, and the daemon's session blocked the name for every later spawn.
 */

let fx: TownFixture | undefined;
let daemon: ResultPromise | undefined;
afterEach(async () => {
  if (daemon) {
    daemon.kill('SIGTERM');
    await daemon.catch(() => undefined);
  }
  daemon = undefined;
  await fx?.cleanup();
  fx = undefined;
});

describe('spawning while the daemon ticks every 100 ms', () => {
  it('ten spawns in a row all succeed, and every session belongs to a polecat', async () => {
    fx = await makeTown({ maxWorkers: 12 });
    const f = fx;
    writeFileSync(
      f.town.paths.configFile('daemon.yaml'),
      stringify({ ...FAST_SETTINGS, tick_interval: '100ms' }),
    );
    const env = { OVERSEER_TMUX_SOCKET: f.socket, OVERSEER_SCRIPTED_STEP_MS: '40' };
    daemon = execa('node', [OVERSEER_BIN, '--town', f.town.root, 'daemon'], {
      env,
      reject: false,
      stdin: 'ignore',
    });
    const issues = [];
    for (let i = 0; i < 10; i++)
      issues.push(await createIssue(f.town, 'web', { title: `Long job ${i}`, labels: ['stall'] }));

    const failures: string[] = [];
    for (const issue of issues) {
      const r = await ov(['spawn', issue.id, '--agent', 'scripted'], { cwd: f.town.root, env });
      if (r.exitCode !== 0) failures.push(`${issue.id}: exit ${r.exitCode}: ${r.stderr.trim()}`);
    }
    expect(failures).toEqual([]);

    // A few more ticks, then: one polecat per issue, each with its own live session, no orphans.
    await new Promise((r) => setTimeout(r, 1000));
    const polecats = readPolecats(f.town.rigPaths('web')).polecats;
    expect(polecats.map((p) => p.issue).sort()).toEqual(issues.map((i) => i.id).sort());
    const sessions = (await f.tmux.listSessions()).map((s) => s.name).sort();
    expect(sessions).toEqual(polecats.map((p) => p.session).sort());
    expect(polecats.filter((p) => p.state === 'dead')).toEqual([]);
  }, 180_000); // ten real CLI spawns: a few seconds each on a loaded machine
});

describe('names and sessions', () => {
  it('a name whose tmux session outlived its polecat is never given out again', async () => {
    fx = await makeTown();
    const f = fx;
    // An orphan: a session named like polecat furiosa (the first name of the pool), no polecat behind it.
    await f.tmux.newSession({ name: 'ov-web-furiosa', cwd: f.dir, command: ['sleep', '600'] });
    const a = await createIssue(f.town, 'web', { title: 'a', labels: ['stall'] });
    const env = { OVERSEER_TMUX_SOCKET: f.socket, OVERSEER_SCRIPTED_STEP_MS: '40' };
    const named = await ov(['spawn', a.id, '--agent', 'scripted', '--name', 'furiosa'], {
      cwd: f.town.root,
      env,
    });
    expect(named.exitCode).toBe(1);
    expect(named.stderr).toContain('polecat name "furiosa" is in use in rig web');
    expect(named.stderr).toContain('tmux session');
    const r = await ov(['spawn', a.id, '--agent', 'scripted', '--json'], { cwd: f.town.root, env });
    expect(r.exitCode, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { name: string }).name).toBe('nux');
  });

  it('a respawn waits for a spawn of the same polecat to finish, then finds it alive and starts nothing', async () => {
    const d = await daemonTown();
    fx = d;
    const a = await createIssue(d.town, 'web', { title: 'a', labels: ['stall'] });
    const { polecat } = await spawnPolecat(d.town, { issue: a.id, tmux: d.tmux });
    const rp = d.town.rigPaths('web');
    await d.tmux.killSession(polecat.session);
    await updatePolecat(rp, polecat.name, (p) => ({ ...p, state: 'dead', state_reason: 'killed' }));
    // A spawn of this polecat is in the middle of starting it: it holds the session lock.
    const release = await acquireSessionLock(rp, polecat.name);
    const tick = d.daemon.tick();
    await new Promise((r) => setTimeout(r, 500));
    await d.tmux.newSession({ name: polecat.session, cwd: polecat.worktree, command: ['sleep', '600'] });
    await updatePolecat(rp, polecat.name, (p) => ({ ...p, state: 'working', state_reason: 'spawned' }));
    await release();
    const report = await tick;
    const respawn = report.outcomes.find((o) => o.action.kind === 'respawn');
    expect(respawn?.detail).toBe('skipped: no longer dead');
    // The session is the spawn's (still the sleep), not one the daemon replaced it with.
    const panes = await d.tmux.listSessions();
    expect(panes.filter((s) => s.name === polecat.session)).toHaveLength(1);
    expect(await d.tmux.capturePane(polecat.session)).not.toContain('Resuming after a crash');
    expect(d.events('polecat.state').some((e) => /spawning/.test(e.message))).toBe(false);
  });
});
