import { utimesSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createIssue, getIssue, updateIssue } from '../../src/town/issues.js';
import { readPolecat } from '../../src/town/polecat-state.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { local } from '../support/runner.js';
import { daemonTown, type DaemonFixture } from '../support/daemon-town.js';

/**
 * Found by the soak (issue 17): an agent killed in the middle of a git
 * command leaves index.lock in its worktree; every respawned agent then
 * failed its first git command and died, until the respawns ran out and
 * the issue was stranded. A respawn now removes a lock older than the death.
 */

let fx: DaemonFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

describe('a respawn after an agent died mid-git-command', () => {
  it('removes the stale index.lock, and the respawned agent finishes the issue', async () => {
    fx = await daemonTown();
    const f = fx;
    const rp = f.town.rigPaths('web');
    const issue = await createIssue(f.town, 'web', { title: 'Interrupted', labels: ['stall'] });
    const { polecat } = await spawnPolecat(f.town, { issue: issue.id, runner: local, tmux: f.tmux });
    await f.tickUntil('the agent to work', () => readPolecat(rp, polecat.name)?.state === 'working');
    // The agent dies in the middle of `git commit`: its lock stays.
    const lock = (
      await local.git(polecat.worktree).run(['rev-parse', '--git-path', 'index.lock'])
    ).stdout.trim();
    const lockPath = lock.startsWith('/') ? lock : `${polecat.worktree}/${lock}`;
    writeFileSync(lockPath, '');
    const before = new Date(Date.now() - 5000);
    utimesSync(lockPath, before, before);
    // Resumed, it will do the work (no longer told to stall).
    await updateIssue(f.town, issue.id, { removeLabels: ['stall'] });
    await f.tmux.killSession(polecat.session);
    await f.tickUntil('the issue to close', () => getIssue(f.town, issue.id).status === 'closed', 40_000);
    expect(f.events('daemon.escalate')).toEqual([]);
    expect(f.events('daemon.respawn')).toHaveLength(1);
  });
});
