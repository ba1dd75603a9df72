import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addWorktree } from '../../src/runtime/worktree.js';
import { Daemon } from '../../src/daemon/loop.js';
import { Tmux } from '../../src/runtime/tmux.js';
import { closeIssue, createIssue } from '../../src/town/issues.js';
import { createMergeRequest, transitionMergeRequest } from '../../src/town/merge-requests.js';
import { readPolecat, removePolecatState, writePolecat } from '../../src/town/polecat-state.js';
import { git } from '../support/town-fixture.js';
import { daemonTown, FAST_SETTINGS, type DaemonFixture } from '../support/daemon-town.js';
import { local } from '../support/runner.js';

let fx: DaemonFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

/** A polecat worktree made with git directly, with one commit, and an idle state file (no session). */
async function worktreeWithCommit(f: DaemonFixture, name: string, issue: string): Promise<string> {
  const paths = f.town.rigPaths('web');
  const wt = paths.worktree(name);
  await addWorktree(local.git(paths.canonicalClone), wt, `polecat/${name}`, 'origin/main');
  writeFileSync(join(wt, `${name}.txt`), `work of ${name}\n`);
  git(wt, ['add', '-A']);
  git(wt, ['commit', '-qm', `${name}: work`]);
  const now = new Date().toISOString();
  await writePolecat(paths, {
    version: 1,
    name,
    rig: 'web',
    issue,
    branch: `polecat/${name}`,
    worktree: wt,
    session: `ov-web-${name}`,
    agent: 'scripted',
    outpost: 'local',
    state: 'idle',
    state_source: 'operator',
    state_reason: 'test',
    state_since: now,
    created_at: now,
    updated_at: now,
  });
  return wt;
}

describe('workspace GC with real git', () => {
  it('removes a merged worktree, refuses one holding an unpushed commit, and retries it next pass', async () => {
    fx = await daemonTown({ settings: { witness: { ...FAST_SETTINGS.witness, dead_policy: 'escalate' } } });
    const f = fx;
    const paths = f.town.rigPaths('web');
    const merged = await createIssue(f.town, 'web', { title: 'Merged work' });
    const unpushed = await createIssue(f.town, 'web', { title: 'Unpushed work' });
    const open = await createIssue(f.town, 'web', { title: 'Still open' });
    const wtA = await worktreeWithCommit(f, 'alpha', merged.id);
    const wtB = await worktreeWithCommit(f, 'beta', unpushed.id);
    const wtC = await worktreeWithCommit(f, 'gamma', open.id);
    git(wtA, ['push', '-q', 'origin', 'HEAD:main']); // alpha's commit is on origin/main: merged
    await closeIssue(f.town, merged.id, 'merged');
    await closeIssue(f.town, unpushed.id, 'closed by hand');

    await f.daemon.tick(); // startup sweep
    expect(existsSync(wtA)).toBe(false);
    expect(readPolecat(paths, 'alpha')).toBeUndefined();
    expect(git(paths.canonicalClone, ['branch', '--list', 'polecat/alpha']).trim()).toBe('');
    expect(existsSync(wtB)).toBe(true);
    expect(existsSync(wtC)).toBe(true);
    const checks = f.events('daemon.gc-check');
    expect(checks.find((e) => e.subject === 'web/alpha')!.message).toContain('removed worktree');
    const refusal = checks.find((e) => e.subject === 'web/beta')!;
    expect(refusal.message).toMatch(/refused: 1 commit\(s\) neither merged nor pushed/);
    expect(checks.some((e) => e.subject === 'web/gamma')).toBe(false); // its issue is open: not a candidate

    // Not before the interval; then a second pass: idempotent, the same refusal is not logged again.
    await f.daemon.tick();
    expect(f.events('daemon.gc-pass')).toHaveLength(0); // passes are silent markers
    f.daemon.executor.lastGcAt = Date.now() - 10 * 60_000;
    await f.daemon.tick();
    expect(existsSync(wtB)).toBe(true);
    expect(f.events('daemon.gc-check').filter((e) => e.subject === 'web/beta')).toHaveLength(1);

    // Once beta's branch is pushed, the next pass removes it.
    git(wtB, ['push', '-q', 'origin', 'polecat/beta']);
    f.daemon.executor.lastGcAt = Date.now() - 10 * 60_000;
    await f.daemon.tick();
    expect(existsSync(wtB)).toBe(false);
    expect(
      f
        .events('daemon.gc-check')
        .filter((e) => e.subject === 'web/beta')
        .at(-1)!.message,
    ).toContain('removed worktree');
  });

  it('refuses a worktree with uncommitted changes', async () => {
    fx = await daemonTown();
    const f = fx;
    const issue = await createIssue(f.town, 'web', { title: 'Dirty' });
    const wt = await worktreeWithCommit(f, 'delta', issue.id);
    git(wt, ['push', '-q', 'origin', 'HEAD:main']);
    writeFileSync(join(wt, 'scratch.txt'), 'not committed\n');
    await closeIssue(f.town, issue.id);
    await f.daemon.tick();
    expect(existsSync(wt)).toBe(true);
    expect(f.events('daemon.gc-check')[0]!.message).toContain('uncommitted change(s): ?? scratch.txt');
  });

  it('refuses when tmux cannot be asked, also for a worktree without a state file', async () => {
    fx = await daemonTown();
    const f = fx;
    const paths = f.town.rigPaths('web');
    const issue = await createIssue(f.town, 'web', { title: 'Orphan' });
    const wt = await worktreeWithCommit(f, 'orphan', issue.id);
    git(wt, ['push', '-q', 'origin', 'HEAD:main']); // clean and landed: only the session check stands
    const mr = await createMergeRequest(f.town, {
      rig: 'web',
      branch: 'polecat/orphan',
      sourceIssue: issue.id,
      worker: 'orphan',
    });
    await transitionMergeRequest(f.town, mr.id, 'merged', 'test');
    removePolecatState(paths, 'orphan');
    const broken = new Daemon(
      f.town,
      local,
      new Tmux({ socket: f.socket, bin: join(f.dir, 'no-such-tmux'), runner: local }),
    );
    await broken.tick();
    expect(existsSync(wt)).toBe(true);
    expect(f.events('daemon.gc-check').at(-1)!.message).toMatch(
      /refused: cannot ask tmux about session ov-web-orphan \(.*\); retrying next pass/,
    );
  });
});
