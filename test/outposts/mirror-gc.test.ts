import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Daemon } from '../../src/daemon/loop.js';
import { pushBase } from '../../src/polecats/outpost/mirror.js';
import { syncOutpost } from '../../src/polecats/outpost/sync.js';
import { runnerFor, sshRunnerFor } from '../../src/runtime/hosts.js';
import { readPolecat, removePolecatState, writePolecat } from '../../src/town/polecat-state.js';
import { ov } from '../support/cli.js';
import { outpostSuite } from '../support/outpost-suite.js';
import { local } from '../support/runner.js';
import { sshdAvailable, type TestOutpost } from '../support/sshd.js';
import { polecat } from '../support/store.js';
import { git, type TownFixture } from '../support/town-fixture.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const ID = ['-c', 'user.name=t', '-c', 'user.email=t@t'];

describe.skipIf(!sshdAvailable)('mirror ref GC on an outpost', () => {
  let fx: TownFixture;
  let op: TestOutpost;
  outpostSuite((s) => {
    fx = s.fx;
    op = s.op;
  });

  it('removes the refs of gone polecats whose commits are on main or home; keeps work that exists only there', async () => {
    const { town } = fx;
    const paths = town.rigPaths('web');
    const canonical = paths.canonicalClone;
    const ssh = sshRunnerFor(town, op.name);
    const mainSha = git(canonical, ['rev-parse', 'main']).trim();
    const mirror = await pushBase(ssh, runnerFor(town).git(canonical), 'web', 'main', mainSha);
    const url = ssh.gitUrl(mirror.dir);
    const sshEnv = { ...process.env, ...(await ssh.gitSshEnv()) };
    // git over the outpost's connection (the way Overseer pushes to its mirror).
    const overSsh = (cwd: string, args: string[]) =>
      execFileSync('git', args, { cwd, env: sshEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const push = (src: string, branch: string) =>
      overSsh(canonical, ['push', '--quiet', url, `${src}:refs/heads/${branch}`]);
    const commit = (dir: string, file: string, msg: string) => {
      writeFileSync(join(dir, file), `${msg}\n`);
      git(dir, [...ID, 'add', file]);
      git(dir, [...ID, 'commit', '-q', '-m', msg]);
      return git(dir, ['rev-parse', 'HEAD']).trim();
    };

    // 1. Landed: a polecat branch whose head is on main.
    push(mainSha, 'polecat/landed');
    // 2. Landed by a rebase: the same patch on origin's main, under another commit.
    const scratch = mkdtempSync(join(fx.dir, 'scratch-'));
    git(scratch, ['clone', '--quiet', fx.origin, 'c']);
    const clone = join(scratch, 'c');
    git(clone, ['checkout', '-q', '-b', 'work']);
    const rebasedFrom = commit(clone, 'rebased.txt', 'rebased work');
    git(clone, ['checkout', '-q', 'main']);
    commit(clone, 'other.txt', 'someone else landed first');
    git(clone, [...ID, 'cherry-pick', '--quiet', rebasedFrom]);
    git(clone, ['push', '--quiet', 'origin', 'main']);
    overSsh(clone, ['push', '--quiet', url, `${rebasedFrom}:refs/heads/polecat/rebased`]);
    git(canonical, ['fetch', '--quiet', 'origin']);
    // 3. Home: its commit is held by a branch of the canonical clone.
    git(canonical, ['branch', 'keep-home', mainSha]);
    const wt = join(scratch, 'wt');
    git(canonical, ['worktree', 'add', '--quiet', wt, 'keep-home']);
    const homeSha = commit(wt, 'home.txt', 'fetched home');
    push(homeSha, 'polecat/home');
    // 4. Only there: committed in a worktree of the mirror, the worktree then removed.
    const there = `${op.dir}/lonely-wt`;
    const m = (args: string[]) => ssh.run('git', ['-C', mirror.dir, ...args]);
    expect((await m(['worktree', 'add', '--quiet', '-b', 'polecat/lonely', there, 'main'])).code).toBe(0);
    await ssh.run('sh', ['-c', 'echo lonely > "$1/lonely.txt"', 'sh', there]);
    expect((await ssh.run('git', ['-C', there, ...ID, 'add', 'lonely.txt'])).code).toBe(0);
    expect((await ssh.run('git', ['-C', there, ...ID, 'commit', '-q', '-m', 'only there'])).code).toBe(0);
    const lonelySha = (await ssh.run('git', ['-C', there, 'rev-parse', 'HEAD'])).stdout.trim();
    expect((await m(['worktree', 'remove', there])).code).toBe(0);
    // 5. Checked out in a worktree there (no state file): kept.
    expect(
      (await m(['worktree', 'add', '--quiet', '-b', 'polecat/busy', `${op.dir}/busy-wt`, 'main'])).code,
    ).toBe(0);
    // 6. Its polecat still exists (a state file names the branch): kept, though on main.
    push(mainSha, 'polecat/alive');
    await writePolecat(paths, polecat('alive', { outpost: op.name, state: 'dead' }));

    const r = await ov(['--town', town.root, 'outpost', 'gc', op.name], {
      env: { OVERSEER_TMUX_SOCKET: fx.socket },
    });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/3 mirror ref\(s\) removed/);
    expect(r.stdout).toMatch(/removed web polecat\/landed: its commits are on main/);
    expect(r.stdout).toMatch(/removed web polecat\/rebased: its commits are on main/);
    expect(r.stdout).toMatch(/removed web polecat\/home: its commits are home in refs\/heads\/keep-home/);
    expect(r.stdout).toMatch(/kept {4}web polecat\/lonely: holds commits that exist only on the outpost/);
    expect(r.stdout).toMatch(/kept {4}web polecat\/busy: a worktree there has it checked out/);
    expect(r.stdout).toMatch(/kept {4}web polecat\/alive: its polecat still exists/);

    const refs = (await m(['for-each-ref', '--format=%(refname:short)', 'refs/heads'])).stdout.split('\n');
    expect(refs.filter(Boolean).sort()).toEqual(['main', 'polecat/alive', 'polecat/busy', 'polecat/lonely']);
    expect((await m(['rev-parse', 'polecat/lonely'])).stdout.trim()).toBe(lonelySha);
    // The check's scratch refs at home are gone; nothing of the lonely commit was left here as a branch.
    expect(git(canonical, ['for-each-ref', 'refs/overseer'])).toBe('');

    // The daemon's GC pass does the same and says what it keeps (once).
    removePolecatState(paths, 'alive');
    expect(readPolecat(paths, 'alive')).toBeUndefined();
    await syncOutpost(town, op.name); // the outpost answered: its status says reachable
    const tick = await new Daemon(town, local, fx.tmux).tick();
    const pass = tick.outcomes.find((o) => o.action.kind === 'gc-pass');
    expect(pass?.detail).toMatch(new RegExp(`${op.name}: 1 mirror ref\\(s\\) removed`));
    expect(pass?.detail).toMatch(new RegExp(`${op.name}: kept polecat/lonely \\(commits only there\\)`));
    const after = (await m(['for-each-ref', '--format=%(refname:short)', 'refs/heads'])).stdout;
    expect(after).not.toContain('polecat/alive');
    expect(after).toContain('polecat/lonely');
  });
});
