import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Daemon } from '../../src/daemon/loop.js';
import { SnapshotGatherer } from '../../src/daemon/gather.js';
import { defaultDaemonSettings } from '../../src/town/daemon-settings.js';
import { emptyChains } from '../../src/escalation/chains.js';
import { listPolecats } from '../../src/polecats/list.js';
import { pickFreeName } from '../../src/polecats/names.js';
import { poolDir, poolEntries, refillPool } from '../../src/polecats/pool.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { townDoctor as doctor } from '../../src/cli/doctor.js';
import { createIssue } from '../../src/town/issues.js';
import { OVERSEER_BIN } from '../support/cli.js';
import { git, makeTown, waitFor, type TownFixture } from '../support/town-fixture.js';
import { execFileSync } from 'node:child_process';
import { local } from '../support/runner.js';

let fx: TownFixture | undefined;
// The agent idles: nothing but the spawn touches the worktrees these tests compare.
beforeEach(() => {
  process.env.OVERSEER_SCRIPTED_BEHAVIOUR = 'stall';
});
afterEach(async () => {
  delete process.env.OVERSEER_SCRIPTED_BEHAVIOUR;
  await fx?.cleanup();
  fx = undefined;
});

function setWarm(f: TownFixture, n: number): void {
  const file = f.town.rigPaths(f.rig).config;
  const cfg = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  writeFileSync(file, JSON.stringify({ ...cfg, warm_worktrees: n }, null, 2));
}

const paths = (f: TownFixture) => f.town.rigPaths(f.rig);
const refill = (f: TownFixture) => refillPool(local, paths(f), f.town.rig(f.rig));
const entryPath = (f: TownFixture, id: string) => join(poolDir(paths(f)), id);
const originMain = (f: TownFixture) =>
  git(paths(f).canonicalClone, ['rev-parse', 'refs/remotes/origin/main']).trim();

async function spawn(f: TownFixture, title: string) {
  const issue = await createIssue(f.town, f.rig, { title });
  return spawnPolecat(f.town, { issue: issue.id, agent: 'scripted', tmux: f.tmux });
}

/** What a user can tell about a polecat worktree: branch, HEAD, upstream, status, files. */
function describeWorktree(dir: string) {
  let upstream = '';
  try {
    upstream = git(dir, ['rev-parse', '--abbrev-ref', '@{u}']).trim();
  } catch {
    upstream = '(none)';
  }
  return {
    branch: git(dir, ['symbolic-ref', '--short', 'HEAD']).trim(),
    head: git(dir, ['rev-parse', 'HEAD']).trim(),
    upstream,
    status: git(dir, ['status', '--porcelain', '--untracked-files=all']),
    files: git(dir, ['ls-files']).split('\n').filter(Boolean),
  };
}

/** A new commit on origin's main, as if another polecat had landed. */
function landOnOrigin(f: TownFixture, file: string): string {
  const work = join(f.dir, 'landing');
  git(f.dir, ['clone', '-q', f.origin, work]);
  writeFileSync(join(work, file), 'landed\n');
  git(work, ['add', '-A']);
  git(work, ['commit', '-q', '-m', `add ${file}`]);
  git(work, ['push', '-q', 'origin', 'main']);
  return git(work, ['rev-parse', 'HEAD']).trim();
}

describe('warm worktree pool (real git, real tmux)', () => {
  it('refill makes the entry: a clean detached worktree at the base; refills never overfill; 0 trims', async () => {
    fx = await makeTown();
    expect(fx.town.rig(fx.rig).warm_worktrees).toBe(1);
    expect(poolEntries(paths(fx))).toEqual([]);
    const r = await refill(fx);
    expect(r.made).toHaveLength(1);
    const [id] = poolEntries(paths(fx));
    const dir = entryPath(fx, id!);
    expect(git(dir, ['rev-parse', 'HEAD']).trim()).toBe(originMain(fx));
    expect(() => git(dir, ['symbolic-ref', '-q', 'HEAD'])).toThrow(); // detached
    expect(git(dir, ['status', '--porcelain', '--untracked-files=all'])).toBe('');
    expect((await refill(fx)).made).toEqual([]);

    // Two refills at once still end at the target, not above it.
    setWarm(fx, 3);
    await Promise.all([refill(fx), refill(fx), refill(fx)]);
    expect(poolEntries(paths(fx))).toHaveLength(3);
    expect(existsSync(join(poolDir(paths(fx)), '.new'))).toBe(true);
    expect(poolEntries(paths(fx))).not.toContain('.new');

    setWarm(fx, 0);
    const trimmed = await refill(fx);
    expect(trimmed.trimmed).toHaveLength(3);
    expect(poolEntries(paths(fx))).toEqual([]);
    expect(git(paths(fx).canonicalClone, ['worktree', 'list', '--porcelain'])).not.toContain('.pool');
  });

  it('a spawn takes the warm worktree: pool emptied, worktree indistinguishable from a fresh one', async () => {
    fx = await makeTown();
    await refill(fx);
    const [id] = poolEntries(paths(fx));
    const warm = await spawn(fx, 'warm one');
    expect(warm.warm).toBe(true);
    expect(warm.worktree).toBe(paths(fx).worktree('furiosa'));
    expect(existsSync(entryPath(fx, id!))).toBe(false);
    expect(poolEntries(paths(fx))).toEqual([]);

    // The pool is empty now: the next spawn checks out fresh. Both look the same but for the branch.
    const cold = await spawn(fx, 'cold one');
    expect(cold.warm).toBe(false);
    const w = describeWorktree(warm.worktree);
    const c = describeWorktree(cold.worktree);
    expect(w).toEqual({ ...c, branch: 'polecat/furiosa' });
    expect(c.branch).toBe('polecat/nux');
    expect(w.head).toBe(originMain(fx));
    expect(w.upstream).toBe('(none)');
    expect(w.files).toEqual(['CONFLICT.txt', 'README.md']);
    expect(w.status).toBe('');
    const list = git(paths(fx).canonicalClone, ['worktree', 'list', '--porcelain']);
    expect(list).toContain(`worktree ${warm.worktree}\n`);
    expect(list).toContain('branch refs/heads/polecat/furiosa');
  });

  it('a pool entry made before main moved yields a worktree at the new main', async () => {
    fx = await makeTown();
    await refill(fx);
    const [id] = poolEntries(paths(fx));
    const old = git(entryPath(fx, id!), ['rev-parse', 'HEAD']).trim();
    const landed = landOnOrigin(fx, 'LANDED.txt');
    expect(landed).not.toBe(old);
    const r = await spawn(fx, 'after main moved');
    expect(r.warm).toBe(true);
    const w = describeWorktree(r.worktree);
    expect(w.head).toBe(landed);
    expect(w.files).toEqual(['CONFLICT.txt', 'LANDED.txt', 'README.md']);
    expect(readFileSync(join(r.worktree, 'LANDED.txt'), 'utf8')).toBe('landed\n');
    expect(w.status).toBe('');
  });

  it('a dirty pool entry is discarded; the spawn takes a clean one, or checks out fresh', async () => {
    fx = await makeTown();
    setWarm(fx, 2);
    await refill(fx);
    const [first, second] = poolEntries(paths(fx));
    writeFileSync(join(entryPath(fx, first!), 'stray.txt'), 'untracked\n');
    const a = await spawn(fx, 'skips the dirty one');
    expect(a.warm).toBe(true);
    expect(existsSync(entryPath(fx, first!))).toBe(false);
    expect(existsSync(entryPath(fx, second!))).toBe(false);
    expect(existsSync(join(a.worktree, 'stray.txt'))).toBe(false);
    expect(describeWorktree(a.worktree).status).toBe('');

    await refill(fx);
    for (const id of poolEntries(paths(fx))) writeFileSync(join(entryPath(fx, id), 'README.md'), 'changed\n');
    const b = await spawn(fx, 'all dirty');
    expect(b.warm).toBe(false);
    expect(poolEntries(paths(fx))).toEqual([]);
    expect(readFileSync(join(b.worktree, 'README.md'), 'utf8')).toBe('# demo\n');
    expect(describeWorktree(b.worktree)).toMatchObject({
      branch: 'polecat/nux',
      status: '',
      head: originMain(fx),
    });
  });

  it('two spawns at once claim different entries, or one falls back to a fresh checkout', async () => {
    fx = await makeTown();
    await refill(fx);
    const [i1, i2] = await Promise.all([
      createIssue(fx.town, fx.rig, { title: 'one' }),
      createIssue(fx.town, fx.rig, { title: 'two' }),
    ]).then((l) => l);
    const rs = await Promise.all(
      [i1, i2].map((i) => spawnPolecat(fx!.town, { issue: i.id, agent: 'scripted', tmux: fx!.tmux })),
    );
    expect(new Set(rs.map((r) => r.polecat.name)).size).toBe(2);
    expect(rs.filter((r) => r.warm)).toHaveLength(1);
    for (const r of rs)
      expect(describeWorktree(r.worktree)).toMatchObject({
        branch: r.polecat.branch,
        head: originMain(fx),
        status: '',
      });

    // Two warm entries, two spawns: each gets its own.
    setWarm(fx, 2);
    await refill(fx);
    const more = await Promise.all(['three', 'four'].map(async (t) => spawn(fx!, t)));
    expect(more.map((r) => r.warm)).toEqual([true, true]);
    expect(new Set(more.map((r) => r.worktree)).size).toBe(2);
    expect(poolEntries(paths(fx))).toEqual([]);
  });

  it('polecat list, name picking, the daemon snapshot and GC ignore .pool; doctor discards a dirty entry', async () => {
    fx = await makeTown();
    await refill(fx);
    expect(await pickFreeName(local.git(paths(fx).canonicalClone), paths(fx))).toBe('furiosa');
    expect(await listPolecats(fx.town, { tmux: fx.tmux })).toEqual([]);
    const snap = new SnapshotGatherer(fx.town).gather([], Date.now(), {
      settings: defaultDaemonSettings(),
      chains: emptyChains(),
    });
    expect(snap.rigs[0]!.worktrees).toEqual([]);
    expect(snap.rigs[0]!.pool).toBe(1);

    expect(await doctor(local, fx.town.root)).toEqual([]);
    const [id] = poolEntries(paths(fx));
    writeFileSync(join(entryPath(fx, id!), 'README.md'), 'changed\n');
    const found = await doctor(local, fx.town.root, { fix: true });
    expect(found.map((f) => [f.file, f.fixed])).toEqual([[entryPath(fx, id!), true]]);
    expect(found[0]!.message).toMatch(/uncommitted change.*never hold work/);
    expect(poolEntries(paths(fx))).toEqual([]);
  });

  it('the daemon tops the pool up as a tick step', async () => {
    fx = await makeTown();
    const daemon = new Daemon(fx.town, local, fx.tmux);
    const r = await daemon.tick();
    const pool = r.outcomes.filter((o) => o.step === 'pool');
    expect(pool).toHaveLength(1);
    expect(pool[0]!).toMatchObject({
      ok: true,
      action: { kind: 'pool-refill', rig: 'web', have: 0, want: 1 },
    });
    expect(poolEntries(paths(fx))).toHaveLength(1);
    expect((await daemon.tick()).outcomes.filter((o) => o.step === 'pool')).toEqual([]);
  });

  it('`overseer spawn` returns at once and a detached process refills the pool', async () => {
    fx = await makeTown();
    const issue = await createIssue(fx.town, fx.rig, { title: 'from the cli' });
    const env = { ...process.env, OVERSEER_TOWN: fx.town.root, OVERSEER_TMUX_SOCKET: fx.socket };
    execFileSync('node', [OVERSEER_BIN, 'spawn', issue.id, '--agent', 'scripted'], { env, stdio: 'ignore' });
    await waitFor('the background refill', () => poolEntries(paths(fx!)).length === 1 || undefined);
    // The refill finished (its lock is gone) before the town is removed.
    await waitFor(
      'refill lock released',
      () => !existsSync(join(paths(fx!).polecatStateDir, '.pool-refill.lock')) || undefined,
    );
    const second = await createIssue(fx.town, fx.rig, { title: 'warm from the cli' });
    const out = execFileSync('node', [OVERSEER_BIN, 'spawn', second.id, '--agent', 'scripted', '--json'], {
      env,
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toMatchObject({ name: 'nux', branch: 'polecat/nux' });
    const spawned = readFileSync(fx.town.paths.events, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"polecat.spawned"'))
      .map((l) => (JSON.parse(l) as { data: { warm: boolean } }).data.warm);
    expect(spawned).toEqual([false, true]);
    expect(describeWorktree(paths(fx).worktree('nux'))).toMatchObject({ head: originMain(fx), status: '' });
    await waitFor('the second refill', () => poolEntries(paths(fx!)).length === 1 || undefined);
    await waitFor(
      'refill lock released',
      () => !existsSync(join(paths(fx!).polecatStateDir, '.pool-refill.lock')) || undefined,
    );
  });
});
