import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { overseerBin } from '../../src/core/package-root.js';
import { createIssue } from '../../src/town/issues.js';
import { inbox } from '../../src/town/mail.js';
import { listMergeRequests, transitionMergeRequest } from '../../src/town/merge-requests.js';
import { readPolecat } from '../../src/town/polecat-state.js';
import { polecatDone } from '../../src/polecats/done.js';
import { removePolecat } from '../../src/polecats/remove.js';
import { resolvePolecat, resolveSelf } from '../../src/polecats/resolve.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { verifyPolecatClean } from '../../src/polecats/verify.js';
import { commit, git, makeTown, quietPolecat, type TownFixture } from '../support/town-fixture.js';
import { local } from '../support/runner.js';

let fx: TownFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

describe('overseer done', () => {
  it('refuses a dirty tree listing the files, and a branch with nothing new', async () => {
    fx = await makeTown();
    const { worktree, polecat } = await quietPolecat(fx);
    const ref = () => resolveSelf({ env: {}, cwd: worktree });
    await expect(polecatDone(ref())).rejects.toThrow(/branch polecat\/furiosa has no commit ahead of main/);
    writeFileSync(join(worktree, 'notes.txt'), 'x');
    writeFileSync(join(worktree, 'README.md'), 'changed');
    await expect(polecatDone(ref())).rejects.toThrow(
      /uncommitted changes in .*:\n {2}M README\.md\n {2}\?\? notes\.txt/,
    );
    expect(listMergeRequests(fx.town, 'web')).toHaveLength(0);
    expect(readPolecat(fx.town.rigPaths('web'), polecat.name)?.state).toBe('dead');
  });

  it('is idempotent and race-safe: concurrent and repeated runs make one merge request and one mail', async () => {
    fx = await makeTown();
    const { worktree } = await quietPolecat(fx);
    commit(worktree, 'a.txt', 'a\n', 'add a');
    const ref = resolveSelf({
      env: { OVERSEER_TOWN: fx.town.root, OVERSEER_RIG: 'web', OVERSEER_POLECAT: 'furiosa' },
    });
    const results = await Promise.all([polecatDone(ref), polecatDone(ref), polecatDone(ref)]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['created', 'unchanged', 'unchanged']);
    expect(new Set(results.map((r) => r.mr.id)).size).toBe(1);
    expect(listMergeRequests(fx.town, 'web')).toHaveLength(1);
    expect(inbox(fx.town, 'web/witness')).toHaveLength(1);
    // New commits while queued update the same request.
    commit(worktree, 'b.txt', 'b\n', 'add b');
    const again = await polecatDone(ref);
    expect(again.outcome).toBe('updated');
    expect(again.mr.mr.head).toBe(git(worktree, ['rev-parse', 'HEAD']).trim());
    expect(listMergeRequests(fx.town, 'web')).toHaveLength(1);
    // While it is being tested, done says so instead of queuing a duplicate.
    await transitionMergeRequest(fx.town, again.mr.id, 'testing', 'refinery picked it');
    commit(worktree, 'c.txt', 'c\n', 'add c');
    await expect(polecatDone(ref)).rejects.toThrow(/being tested right now/);
    expect(listMergeRequests(fx.town, 'web')).toHaveLength(1);
  });

  it('works as a CLI process from inside the worktree (cwd only), via the handoff alias too', async () => {
    fx = await makeTown();
    const { worktree } = await quietPolecat(fx);
    commit(worktree, 'a.txt', 'a\n', 'add a');
    const env = { ...process.env };
    for (const k of ['OVERSEER_TOWN', 'OVERSEER_RIG', 'OVERSEER_POLECAT']) delete env[k];
    const out = execFileSync(process.execPath, [overseerBin(), 'handoff'], {
      cwd: worktree,
      env,
      encoding: 'utf8',
    });
    expect(out).toMatch(/merge request web-\w+ queued for polecat\/furiosa/);
    const again = execFileSync(process.execPath, [overseerBin(), 'done'], {
      cwd: worktree,
      env,
      encoding: 'utf8',
    });
    expect(again).toMatch(/already queued; nothing new/);
  });
});

describe('polecat rm', () => {
  it('refuses with an uncommitted change and keeps everything', async () => {
    fx = await makeTown();
    const { worktree, polecat } = await quietPolecat(fx);
    writeFileSync(join(worktree, 'precious.txt'), 'work in progress');
    await expect(removePolecat(resolvePolecat(fx.town, 'furiosa'), { tmux: fx.tmux })).rejects.toThrow(
      /refusing to remove polecat web\/furiosa; this would be lost:\n {2}uncommitted: \?\? precious\.txt/,
    );
    expect(existsSync(join(worktree, 'precious.txt'))).toBe(true);
    expect(git(worktree, ['branch', '--list', polecat.branch]).trim()).not.toBe('');
    expect(readPolecat(fx.town.rigPaths('web'), 'furiosa')).toBeDefined();
  });

  it('refuses with an unmerged commit naming it, and keeps everything', async () => {
    fx = await makeTown();
    const { worktree, polecat } = await quietPolecat(fx);
    commit(worktree, 'feature.txt', 'new\n', 'precious feature');
    const sha = git(worktree, ['rev-parse', 'HEAD']).trim();
    const verdict = await verifyPolecatClean(local, fx.town, {
      rig: 'web',
      polecat: 'furiosa',
      worktree,
      branch: polecat.branch,
    });
    expect(verdict).toMatchObject({
      clean: false,
      dirty: [],
      unlanded: [{ sha, subject: 'precious feature' }],
    });
    await expect(removePolecat(resolvePolecat(fx.town, 'furiosa'), { tmux: fx.tmux })).rejects.toThrow(
      new RegExp(`commit ${sha.slice(0, 10)} "precious feature" is not on main and not pushed`),
    );
    expect(existsSync(worktree)).toBe(true);
    expect(git(worktree, ['rev-parse', polecat.branch]).trim()).toBe(sha);
  });

  it('removes worktree, branch, session and state once the work is on main (rebased counts)', async () => {
    fx = await makeTown();
    const { worktree, polecat, session } = await quietPolecat(fx);
    commit(worktree, 'feature.txt', 'new\n', 'feature');
    // Land it the way a rebasing refinery would: a different commit with the same patch on origin/main.
    const land = join(fx.dir, 'land');
    git(fx.dir, ['clone', '--quiet', fx.origin, land]);
    commit(land, 'other.txt', 'other\n', 'someone else first');
    git(land, ['fetch', '--quiet', join(fx.town.root, 'web', 'mayor', 'rig'), `${polecat.branch}:incoming`]);
    git(land, ['cherry-pick', 'incoming']);
    git(land, ['push', '--quiet', 'origin', 'HEAD:main']);
    const v = await removePolecat(resolvePolecat(fx.town, 'furiosa'), { tmux: fx.tmux });
    expect(v.clean).toBe(true);
    expect(existsSync(worktree)).toBe(false);
    expect(git(join(fx.town.root, 'web', 'mayor', 'rig'), ['branch', '--list', polecat.branch]).trim()).toBe(
      '',
    );
    expect(readPolecat(fx.town.rigPaths('web'), 'furiosa')).toBeUndefined();
    expect(await fx.tmux.hasSession(session)).toBe(false);
    // The name is free again.
    const next = await createIssue(fx.town, 'web', { title: 'again', labels: ['stall'] });
    expect(
      (await spawnPolecat(fx.town, { issue: next.id, agent: 'scripted', tmux: fx.tmux })).polecat.name,
    ).toBe('furiosa');
  });
});
