import { existsSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { Daemon } from '../../src/daemon/loop.js';
import { syncOutpost } from '../../src/polecats/outpost/sync.js';
import { resolvePolecat } from '../../src/polecats/resolve.js';
import { removePolecat } from '../../src/polecats/remove.js';
import { stopPolecat } from '../../src/polecats/session-ops.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { processQueue } from '../../src/refinery/process.js';
import { sshRunnerFor } from '../../src/runtime/hosts.js';
import { closeIssue, createIssue } from '../../src/town/issues.js';
import { listMergeRequests } from '../../src/town/merge-requests.js';
import { readPolecat } from '../../src/town/polecat-state.js';
import { outpostSuite } from '../support/outpost-suite.js';
import { local } from '../support/runner.js';
import { sshdAvailable, type TestOutpost } from '../support/sshd.js';
import { git, type TownFixture, waitFor } from '../support/town-fixture.js';

/** Processes on the outpost that belong to the town's agents (scripted agent, its tmux server). */
async function agentProcesses(fx: TownFixture, op: TestOutpost): Promise<string[]> {
  const r = sshRunnerFor(fx.town, op.name);
  const out = await r.run('sh', [
    '-c',
    'ps -eo pid,args | grep -E "scripted-agent|tmux -S" | grep -v grep || true',
  ]);
  return out.stdout.split('\n').filter((l) => l.includes(op.dir));
}

// Real sshd servers and agents on a shared 2-core machine: give each step room.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

describe.skipIf(!sshdAvailable)('a polecat on an outpost', () => {
  let fx: TownFixture;
  let op: TestOutpost;

  outpostSuite((s) => {
    fx = s.fx;
    op = s.op;
  });

  it('edits, commits and runs done on the outpost; the refinery lands it; cleanup leaves nothing there', async () => {
    const { town } = fx;
    const issue = await createIssue(town, 'web', { title: 'Work far away' });
    const r = await spawnPolecat(town, { issue: issue.id, agent: 'scripted', outpost: op.name });
    const name = r.polecat.name;
    expect(r.polecat.outpost).toBe(op.name);
    expect(r.worktree.startsWith(op.dir)).toBe(true);
    // Nothing of it on this machine but its state file.
    expect(existsSync(town.rigPaths('web').worktree(name))).toBe(false);
    const ssh = sshRunnerFor(town, op.name);
    expect(await ssh.tmux({ socket: fx.socket }).hasSession(r.session)).toBe(true);
    // The tick's one round trip sees its session (tmux's list parsed in the outpost's POSIX locale).
    expect((await syncOutpost(town, op.name)).sessions.map((s) => s.name)).toContain(r.session);

    // The agent's `overseer done` waits in the outpost's spool; one probe per tick delivers it.
    const delivered = await waitFor(
      'the done call from the outpost',
      async () => {
        await syncOutpost(town, op.name);
        return readPolecat(town.rigPaths('web'), name)?.state === 'done' ? true : undefined;
      },
      40_000,
    );
    expect(delivered).toBe(true);
    const mr = listMergeRequests(town, 'web').find((m) => m.mr.branch === r.polecat.branch);
    expect(mr?.mr.state).toBe('queued');
    // The branch was fetched back into the canonical clone.
    const canonical = town.rigPaths('web').canonicalClone;
    expect(git(canonical, ['rev-parse', `refs/heads/${r.polecat.branch}`]).trim()).toBe(mr!.mr.head);

    await processQueue(town, 'web');
    expect(listMergeRequests(town, 'web').find((m) => m.id === mr!.id)?.mr.state).toBe('merged');
    expect(git(fx.origin, ['log', '--format=%H', 'main'])).toContain(mr!.mr.head!.slice(0, 40));

    // The daemon's witness cleans it up on the outpost: session, worktree and branch gone.
    const daemon = new Daemon(town, local, fx.tmux);
    await waitFor('cleanup on the outpost', async () => {
      await daemon.tick();
      return readPolecat(town.rigPaths('web'), name) === undefined ? true : undefined;
    });
    expect((await ssh.run('test', ['-e', r.worktree])).code).not.toBe(0);
    expect(await ssh.tmux({ socket: fx.socket }).hasSession(r.session)).toBe(false);
    expect(await agentProcesses(fx, op)).toEqual([]);
  });

  it('polecat rm and GC refuse a worktree on the outpost holding an unfetched commit, naming the outpost', async () => {
    const { town } = fx;
    const issue = await createIssue(town, 'web', { title: 'Stalled far away', labels: ['stall'] });
    const r = await spawnPolecat(town, { issue: issue.id, agent: 'scripted', outpost: op.name });
    const ref = resolvePolecat(town, r.polecat.name);
    await stopPolecat(ref, { force: true });
    const ssh = sshRunnerFor(town, op.name);
    const c = (args: string[]) =>
      ssh.run('git', ['-C', r.worktree, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args]);
    await ssh.run('sh', ['-c', 'echo remote work > "$1"/work.txt', 'sh', r.worktree]);
    expect((await c(['add', 'work.txt'])).code).toBe(0);
    expect((await c(['commit', '-q', '-m', 'work only on the outpost'])).code).toBe(0);

    const err = await removePolecat(resolvePolecat(town, r.polecat.name)).catch((e: unknown) => e);
    expect(String((err as Error).message)).toMatch(new RegExp(`on outpost ${op.name}`));
    expect(String((err as Error).message)).toContain('work only on the outpost');
    expect((await ssh.run('test', ['-d', r.worktree])).code).toBe(0);

    // With the link cut, nothing can be judged: refused too, naming the outpost.
    await op.cut();
    try {
      const down = await removePolecat(resolvePolecat(town, r.polecat.name)).catch((e: unknown) => e);
      expect(String((down as Error).message)).toContain(`outpost ${op.name}`);
      expect(readPolecat(town.rigPaths('web'), r.polecat.name)).toBeDefined();
      await syncOutpost(town, op.name); // seen stale
      // Work goes on there during the cut (both sshd modes share this machine's disk: commit directly).
      git(r.worktree, [
        '-c',
        'user.name=t',
        '-c',
        'user.email=t@t',
        'commit',
        '-q',
        '--allow-empty',
        '-m',
        'during the cut',
      ]);
    } finally {
      await op.restore();
    }
    // Back: the first good round trip fetches its branches home.
    await waitFor('the outpost back', async () =>
      (await syncOutpost(town, op.name)).reachable ? true : undefined,
    );
    const remoteHead = git(r.worktree, ['rev-parse', 'HEAD']).trim();
    expect(
      git(town.rigPaths('web').canonicalClone, ['rev-parse', `refs/heads/${r.polecat.branch}`]).trim(),
    ).toBe(remoteHead);
    expect(await agentProcesses(fx, op)).toEqual([]);

    // GC: its issue closed, the daemon's sweep checks the worktree on the outpost and refuses it.
    await closeIssue(town, issue.id, 'test');
    const tick = await new Daemon(town, local, fx.tmux).tick();
    const gc = tick.outcomes.find((o) => o.action.kind === 'gc-check');
    expect(gc?.detail).toMatch(
      new RegExp(`refused: 2 commit\\(s\\) neither merged nor pushed.*on outpost ${op.name}`),
    );
    expect((await ssh.run('test', ['-d', r.worktree])).code).toBe(0);
    expect(readPolecat(town.rigPaths('web'), r.polecat.name)).toBeDefined();
  });
});
