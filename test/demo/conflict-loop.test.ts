import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Daemon } from '../../src/daemon/loop.js';
import { buildDemoTown } from '../../src/demo/build-demo.js';
import { isMergeRequest } from '../../src/town/merge-requests.js';
import { Tmux } from '../../src/runtime/tmux.js';
import { tempDir } from '../support/tmp.js';
import { gitIn } from '../support/git.js';
import { local } from '../support/runner.js';

let tmux: Tmux | undefined;
afterEach(async () => {
  await tmux?.killServer().catch(() => undefined);
  delete process.env.OVERSEER_TMUX_SOCKET;
  tmux = undefined;
});

describe('the demo town with dispatch on', () => {
  it('closes its merge conflict loop by itself: a dispatched polecat resolves it and both changes land', async () => {
    const socket = `ov-test-loop-${process.pid}`;
    process.env.OVERSEER_TMUX_SOCKET = socket;
    tmux = new Tmux({ socket, runner: local });
    const demo = await buildDemoTown({ dir: join(tempDir('ov-loop'), 'town'), daemon: false, stepMs: 100 });
    const town = demo.town;
    expect(town.rig('shop').dispatch).toBe(true);
    const daemon = new Daemon(town, local, tmux);
    const beads = () => [...town.rigBeads('shop').all().values()];
    const banners = [demo.issues.banner!, demo.issues.banner2!];
    const done = () => {
      const all = beads();
      const resolve = all.find((b) => b.labels.includes('merge-conflict'));
      const conflicted = all.filter(isMergeRequest).find((m) => m.mr.resolve_issue === resolve?.id);
      return (
        resolve?.status === 'closed' &&
        conflicted?.mr.state === 'merged' &&
        banners.every((id) => town.rigBeads('shop').get(id)?.status === 'closed')
      );
    };
    const end = Date.now() + 150_000;
    while (!done()) {
      if (Date.now() > end) {
        const mrs = beads()
          .filter(isMergeRequest)
          .map((m) => `${m.id} ${m.mr.branch} ${m.mr.state}`);
        throw new Error(`the loop did not close; merge requests:\n${mrs.join('\n')}`);
      }
      await daemon.tick();
      await new Promise((r) => setTimeout(r, 250));
    }
    // Both banner changes are on the origin's main, resolved by keeping both lines.
    const main = gitIn(demo.origin, 'show', 'main:CONFLICT.txt');
    for (const id of banners) expect(main).toContain(`${id}:`);
    expect(main).not.toMatch(/<{7}|>{7}|={7}/);
    const resolver = beads().find((b) => b.labels.includes('merge-conflict'))!;
    expect(resolver.title).toMatch(/^Resolve merge conflicts: /);
  });
});
