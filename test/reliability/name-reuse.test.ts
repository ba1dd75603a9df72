import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createIssue, getIssue } from '../../src/town/issues.js';
import { readPolecat } from '../../src/town/polecat-state.js';
import { isMergeRequest } from '../../src/town/merge-requests.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { daemonTown, type DaemonFixture } from '../support/daemon-town.js';
import { waitFor } from '../support/town-fixture.js';

/**
 * Defect 2 of issue 17: a polecat name reused after a merge. The witness took
 * the merged request of the first `nux` (branch polecat/nux, another issue)
 * as the second one's, so the second `nux` that died stayed dead for good.
 */

let fx: DaemonFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

describe('a reused polecat name', () => {
  it('nux merges and is removed; a new nux on another issue is killed and gets respawned, not left dead', async () => {
    fx = await daemonTown();
    const f = fx;
    const rp = f.town.rigPaths('web');
    const first = await createIssue(f.town, 'web', { title: 'First job' });
    await spawnPolecat(f.town, { issue: first.id, name: 'nux', tmux: f.tmux });
    await f.tickUntil(
      'the first nux to merge and be removed',
      () => !readPolecat(rp, 'nux') && !existsSync(rp.worktree('nux')),
      60_000,
    );
    const merged = [...f.town.rigBeads('web').all().values()].filter(isMergeRequest);
    expect(merged.map((m) => [m.mr.branch, m.mr.source_issue, m.mr.state])).toEqual([
      ['polecat/nux', first.id, 'merged'],
    ]);

    const second = await createIssue(f.town, 'web', { title: 'Second job', labels: ['stall'] });
    const { polecat } = await spawnPolecat(f.town, { issue: second.id, name: 'nux', tmux: f.tmux });
    expect(polecat.branch).toBe('polecat/nux');
    await f.tickUntil('the second nux to work', () => readPolecat(rp, 'nux')?.state === 'working');
    await f.tmux.killSession(polecat.session);

    await f.tickUntil(
      'a respawn of the second nux',
      () => f.events('daemon.respawn').some((e) => e.subject === 'web/nux'),
      30_000,
    );
    await waitFor('the session to be back', () => f.tmux.hasSession(polecat.session));
    expect(readPolecat(rp, 'nux')?.issue).toBe(second.id);
    expect(getIssue(f.town, second.id).status).toBe('in_progress');
  });
});
