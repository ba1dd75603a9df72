import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createIssue } from '../../src/town/issues.js';
import { listMergeRequests } from '../../src/town/merge-requests.js';
import { readPolecat } from '../../src/town/polecat-state.js';
import { resolvePolecat } from '../../src/polecats/resolve.js';
import { attachPolecat } from '../../src/polecats/session-ops.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { Tmux } from '../../src/runtime/tmux.js';
import { git, makeTown, waitFor, type TownFixture } from '../support/town-fixture.js';
import { local } from '../support/runner.js';

let fx: TownFixture | undefined;
const restore: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const r of restore.splice(0)) await r();
  await fx?.cleanup();
  fx = undefined;
});

const isDone = (f: TownFixture, name: string) => () =>
  readPolecat(f.town.rigPaths('web'), name)?.state === 'done' ? true : undefined;

describe('scripted behaviours that the refinery will meet', () => {
  it('fail-tests commits a change that breaks the rig test command; conflict polecats collide on one line', async () => {
    fx = await makeTown();
    const broken = await createIssue(fx.town, 'web', { title: 'Break it', labels: ['fail-tests'] });
    const c1 = await createIssue(fx.town, 'web', { title: 'First take', labels: ['behaviour:conflict'] });
    const c2 = await createIssue(fx.town, 'web', { title: 'Second take', labels: ['behaviour:conflict'] });
    const b = await spawnPolecat(fx.town, { issue: broken.id, agent: 'scripted', tmux: fx.tmux });
    const p1 = await spawnPolecat(fx.town, { issue: c1.id, agent: 'scripted', tmux: fx.tmux });
    const p2 = await spawnPolecat(fx.town, { issue: c2.id, agent: 'scripted', tmux: fx.tmux });
    for (const p of [b, p1, p2]) await waitFor(`${p.polecat.name} done`, isDone(fx, p.polecat.name));
    expect(listMergeRequests(fx.town, 'web')).toHaveLength(3);

    // The rig's test command (`test ! -e BROKEN`) passes on main and fails on the fail-tests branch.
    const testCmd = fx.town.rig('web').test_command;
    expect(spawnSync('sh', ['-c', testCmd], { cwd: join(fx.town.root, 'web', 'mayor', 'rig') }).status).toBe(
      0,
    );
    expect(spawnSync('sh', ['-c', testCmd], { cwd: b.worktree }).status).not.toBe(0);

    // Both conflict branches rewrote line 1 of CONFLICT.txt: merging one after the other conflicts.
    const repo = join(fx.dir, 'merge-check');
    git(fx.dir, ['clone', '--quiet', join(fx.town.root, 'web', 'mayor', 'rig'), repo]);
    git(repo, ['merge', '--quiet', `origin/${p1.polecat.branch}`]);
    expect(() => git(repo, ['merge', '--quiet', `origin/${p2.polecat.branch}`])).toThrow();
    expect(git(repo, ['diff', '--name-only', '--diff-filter=U']).trim()).toBe('CONFLICT.txt');
  });
});

describe('attach', () => {
  it('inside tmux, opens the polecat beside the current pane, without nesting $TMUX', async () => {
    fx = await makeTown();
    const issue = await createIssue(fx.town, 'web', { title: 'Watch me', labels: ['stall'] });
    const r = await spawnPolecat(fx.town, { issue: issue.id, agent: 'scripted', tmux: fx.tmux });
    // An "operator" tmux server with a cockpit pane to split.
    const outerSocket = `${fx.socket}-outer`;
    const outer = new Tmux({ socket: outerSocket, runner: local });
    restore.push(() => outer.killServer().then(() => undefined));
    await outer.newSession({ name: 'cockpit', cwd: fx.dir, command: ['sleep', '600'] });
    const pane = execFileSync(
      'tmux',
      ['-L', outerSocket, 'display', '-p', '-t', 'cockpit', '#{socket_path},1,0 #{pane_id}'],
      { encoding: 'utf8' },
    ).trim();
    const [tmuxVar, paneId] = pane.split(' ');
    const saved = { TMUX: process.env.TMUX, TMUX_PANE: process.env.TMUX_PANE };
    process.env.TMUX = tmuxVar;
    process.env.TMUX_PANE = paneId;
    restore.push(() => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    });
    const res = await attachPolecat(resolvePolecat(fx.town, r.polecat.name), { tmux: fx.tmux });
    expect(res.kind).toBe('tmux-pane');
    const panes = execFileSync(
      'tmux',
      ['-L', outerSocket, 'list-panes', '-t', 'cockpit', '-F', '#{pane_id}'],
      { encoding: 'utf8' },
    );
    expect(panes.trim().split('\n')).toHaveLength(2);
    // The new pane is a client of the town's server showing the polecat's session.
    const clients = await waitFor('client attached', () => {
      const out = execFileSync('tmux', ['-L', fx!.socket, 'list-clients', '-F', '#{client_session}'], {
        encoding: 'utf8',
      }).trim();
      return out === '' ? undefined : out;
    });
    expect(clients).toBe(r.session);
  });
});
