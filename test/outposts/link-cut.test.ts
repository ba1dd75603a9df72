import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Daemon } from '../../src/daemon/loop.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { sshRunnerFor } from '../../src/runtime/hosts.js';
import { createIssue } from '../../src/town/issues.js';
import { listMergeRequests } from '../../src/town/merge-requests.js';
import { readOutpostStatus } from '../../src/town/outposts.js';
import { readPolecat } from '../../src/town/polecat-state.js';
import { ov } from '../support/cli.js';
import { outpostSuite } from '../support/outpost-suite.js';
import { local } from '../support/runner.js';
import { MODE, sshdAvailable, type TestOutpost } from '../support/sshd.js';
import { git, type TownFixture, waitFor } from '../support/town-fixture.js';

const spooled = (dir: string) => {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
};

describe.skipIf(!sshdAvailable)('the link to an outpost cut while its agent works', () => {
  let fx: TownFixture;
  let op: TestOutpost;

  outpostSuite((s) => {
    fx = s.fx;
    op = s.op;
  });

  it('the agent goes on; the outpost shows stale within one tick; its done is delivered once after the link returns', async () => {
    const { town } = fx;
    const issue = await createIssue(town, 'web', { title: 'Work through a cut' });
    const r = await spawnPolecat(town, {
      issue: issue.id,
      agent: 'scripted',
      outpost: op.name,
      env: { ...process.env, OVERSEER_SCRIPTED_STEP_MS: '300' },
    });
    const spool = sshRunnerFor(town, op.name).layout.spool;
    const daemon = new Daemon(town, local, fx.tmux);
    await op.cut();
    const t0 = Date.now();
    await daemon.tick();
    // One tick: the outpost is stale, its polecat keeps its last known state, marked stale.
    const st = readOutpostStatus(town.paths, op.name);
    expect(st?.reachable).toBe(false);
    expect(st?.stale_since).toBeDefined();
    expect(readPolecat(town.rigPaths('web'), r.polecat.name)).toMatchObject({
      state: 'spawning',
      outpost_stale_since: st!.stale_since,
    });
    const list = await ov(['polecat', 'list'], { env: { OVERSEER_TOWN: town.root } });
    expect(list.stdout).toMatch(
      new RegExp(
        `web/${r.polecat.name}\\s+${op.name}\\s+\\S+\\s+scripted\\s+spawning \\(stale\\).*outpost ${op.name} unreachable since`,
      ),
    );

    // The agent keeps working on the outpost: its `overseer done` is kept in the spool there.
    // (Both sshd modes share this machine's filesystem, so the test reads the spool directly.)
    await waitFor('the queued done call', () => (spooled(spool).length > 0 ? true : undefined), 40_000);
    const head = git(r.worktree, ['rev-parse', 'HEAD']).trim();
    await daemon.tick(); // still cut: nothing delivered, nothing lost
    expect(readPolecat(town.rigPaths('web'), r.polecat.name)?.state).toBe('spawning');
    expect(spooled(spool)).toHaveLength(1);

    await op.restore();
    const back = Date.now();
    await waitFor(
      'the done call delivered',
      async () => {
        await daemon.tick();
        return readPolecat(town.rigPaths('web'), r.polecat.name)?.state === 'done' ? true : undefined;
      },
      30_000,
    );
    const after = readPolecat(town.rigPaths('web'), r.polecat.name);
    expect(after?.state).toBe('done');
    expect(after?.outpost_stale_since).toBeUndefined();
    process.stdout.write(
      `outpost link (${MODE}): cut ${back - t0} ms; reconnected and delivered in ${Date.now() - back} ms\n`,
    );
    // Later ticks acknowledge it on the outpost and never run it again; the refinery lands the work.
    const mrs = () => listMergeRequests(town, 'web').filter((m) => m.mr.branch === r.polecat.branch);
    await waitFor(
      'the work landed',
      async () => {
        await daemon.tick();
        return mrs()[0]?.mr.state === 'merged' ? true : undefined;
      },
      30_000,
    );
    expect(spooled(spool)).toEqual([]);
    expect(mrs()).toHaveLength(1);
    expect(mrs()[0]!.mr.head).toBe(head);
    git(fx.origin, ['merge-base', '--is-ancestor', head, 'main']); // no commit lost
    expect(readOutpostStatus(town.paths, op.name)?.reachable).toBe(true);
  }, 180_000);
});
