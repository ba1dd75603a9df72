import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { createIssue } from '../../src/town/issues.js';
import { readPolecats } from '../../src/town/polecat-state.js';
import { ov } from '../support/cli.js';
import { daemonTown, type DaemonFixture } from '../support/daemon-town.js';
import { git, waitFor } from '../support/town-fixture.js';

let fx: DaemonFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

const sessions = async (f: DaemonFixture) => (await f.tmux.listSessions()).map((s) => s.name);

describe('emergency stop (stop --all, stop --rig) and resume', () => {
  it('stop --all ends every session, keeps every worktree and commit, and holds dispatch until resume', async () => {
    fx = await daemonTown();
    const f = fx;
    const rp = f.town.rigPaths('web');
    const spawned = [];
    for (const [title, label] of [
      ['Ask first', 'ask'],
      ['Stall A', 'stall'],
      ['Stall B', 'stall'],
    ] as const) {
      const issue = await createIssue(f.town, 'web', { title, labels: [label] });
      spawned.push((await spawnPolecat(f.town, { issue: issue.id, tmux: f.tmux })).polecat);
    }
    // Work in a worktree that is on no other branch: it must survive.
    const wt = spawned[1]!.worktree;
    writeFileSync(join(wt, 'precious.txt'), 'unlanded work\n');
    git(wt, ['add', 'precious.txt']);
    git(wt, ['commit', '-q', '-m', 'precious work']);
    const sha = git(wt, ['rev-parse', 'HEAD']).trim();
    writeFileSync(join(wt, 'uncommitted.txt'), 'not even committed\n');
    await waitFor('three live sessions', async () => (await sessions(f)).length === 3);

    // Ready work and dispatch on: the dispatcher would take it at once.
    const ready = await createIssue(f.town, 'web', { title: 'Ready and waiting' });
    const cfg = JSON.parse(readFileSync(rp.config, 'utf8'));
    writeFileSync(rp.config, JSON.stringify({ ...cfg, dispatch: true, worker_spawn_delay: 0 }));

    const r = await ov(['stop', '--all', '--town', f.town.root]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/emergency stop of the whole town: dispatch paused/);
    expect(await sessions(f)).toEqual([]);
    for (const p of spawned) {
      expect(existsSync(p.worktree)).toBe(true);
      expect(r.stdout).toContain(`stopped web/${p.name}; worktree ${p.worktree} kept`);
    }
    expect(git(rp.canonicalClone, ['rev-parse', spawned[1]!.branch]).trim()).toBe(sha);
    expect(readFileSync(join(wt, 'uncommitted.txt'), 'utf8')).toBe('not even committed\n');
    const states = readPolecats(rp).polecats;
    expect(states.every((p) => p.state === 'dead' && /emergency stop/.test(p.state_reason))).toBe(true);

    const paused = await ov(['status', '--town', f.town.root]);
    expect(paused.stdout).toMatch(/^PAUSED the whole town since .*resume with: overseer resume$/m);
    // Paused: ticks start nothing (no dispatch, no respawn of the stopped).
    for (let i = 0; i < 6; i++) await f.daemon.tick();
    expect(await sessions(f)).toEqual([]);
    expect(f.events('daemon.spawn')).toEqual([]);
    expect(f.events('daemon.respawn')).toEqual([]);

    const res = await ov(['resume', '--town', f.town.root]);
    expect(res.exitCode).toBe(0);
    expect(res.stdout).toMatch(/the whole town resumed/);
    expect((await ov(['status', '--town', f.town.root])).stdout).not.toContain('PAUSED');
    await f.tickUntil('dispatch of the ready issue', () =>
      readPolecats(rp).polecats.find((p) => p.issue === ready.id),
    );
    // The stopped polecats stay stopped: the operator respawns or removes them.
    expect(f.events('daemon.respawn')).toEqual([]);
    expect(readPolecats(rp).polecats.filter((p) => p.state === 'dead')).toHaveLength(3);
  });

  it('stop --rig pauses that rig; resume --respawn restarts the sessions it ended', async () => {
    fx = await daemonTown();
    const f = fx;
    const issue = await createIssue(f.town, 'web', { title: 'Stall', labels: ['stall'] });
    const { polecat } = await spawnPolecat(f.town, { issue: issue.id, tmux: f.tmux });
    await waitFor('the session', async () => (await sessions(f)).includes(polecat.session));
    const stop = await ov(['stop', '--rig', 'web', '--town', f.town.root]);
    expect(stop.exitCode).toBe(0);
    expect(stop.stdout).toMatch(/emergency stop of rig web/);
    expect(await sessions(f)).toEqual([]);
    const pause = JSON.parse(readFileSync(join(f.town.paths.runtimeDir, 'pause.json'), 'utf8'));
    expect(Object.keys(pause.rigs)).toEqual(['web']);
    expect(pause.all).toBeUndefined();

    const res = await ov(['resume', '--rig', 'web', '--respawn', '--town', f.town.root]);
    expect(res.stderr).toBe('');
    expect(res.stdout).toContain(`restarted web/${polecat.name}`);
    await waitFor('the session back', async () => (await sessions(f)).includes(polecat.session));
    expect(readFileSync(join(f.town.paths.runtimeDir, 'pause.json'), 'utf8')).not.toContain('"web"');
  });

  it.each([
    [['stop'], 2, /say what to stop/],
    [['stop', 'bob', '--all'], 2, /one of them/],
    [['stop', '--rig', 'nope'], 1, /unknown rig "nope"/],
    [['resume'], 1, /not paused/],
  ])('%j exits %i naming the problem', async (args, code, msg) => {
    fx = await daemonTown();
    const r = await ov([...args, '--town', fx.town.root]);
    expect(r.exitCode).toBe(code);
    expect(r.stderr).toMatch(msg);
  });
});
