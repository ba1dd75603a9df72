import { describe, expect, it, vi } from 'vitest';
import { runnerFor, closeOutposts } from '../../src/runtime/hosts.js';
import { OutpostUnreachableError } from '../../src/runtime/ssh/errors.js';
import type { TownFixture } from '../support/town-fixture.js';
import { outpostSuite } from '../support/outpost-suite.js';
import { sshdAvailable, type TestOutpost } from '../support/sshd.js';

// Real sshd servers and agents on a shared 2-core machine: give each step room.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

describe.skipIf(!sshdAvailable)('an outpost over OpenSSH', () => {
  let fx: TownFixture;
  let op: TestOutpost;

  outpostSuite((s) => {
    fx = s.fx;
    op = s.op;
  });

  it('runs programs with argument arrays over one multiplexed connection', async () => {
    const r = runnerFor(fx.town, op.name);
    const out = await r.run('printf', ['%s|', "it's", 'a b', '$HOME', '`x`;rm -rf /']);
    expect(out.code).toBe(0);
    expect(out.stdout).toBe("it's|a b|$HOME|`x`;rm -rf /|");
    const env = await r.run('sh', ['-c', 'echo "$FOO:$PWD"'], { cwd: op.dir, env: { FOO: 'bar baz' } });
    expect(env.stdout.trim()).toBe(`bar baz:${op.dir}`);
    expect((await r.run('no-such-program-here', [])).missing).toBe(true);
  });

  it('gives git, tmux and the process table of the host', async () => {
    const r = runnerFor(fx.town, op.name);
    const repo = r.git(`${op.dir}/repo`);
    await r.run('git', ['init', '-q', `${op.dir}/repo`]);
    expect(await repo.currentBranch()).toBeTruthy();
    const tmux = r.tmux({ socket: fx.socket });
    await tmux.newSession({ name: 'ovtest', cwd: op.dir, command: ['sleep', '300'] });
    const pane = await tmux.paneProcess('ovtest');
    expect(await r.processes.alive(pane.pid)).toBe(true);
    const found = await r.processes.find({ treeOf: pane.pid });
    expect(found.map((p) => p.pid)).toContain(pane.pid);
    await r.processes.end(found, { graceMs: 500 });
    expect(await r.processes.alive(pane.pid)).toBe(false);
    await tmux.killServer();
  });

  it('refuses a host whose key changed, naming the outpost and host', async () => {
    await closeOutposts(fx.town);
    await op.rekey();
    const r = runnerFor(fx.town, op.name);
    const err = await r.run('true', []).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutpostUnreachableError);
    expect((err as Error).message).toContain(`outpost ${op.name}`);
    expect((err as Error).message).toContain(op.host);
    expect((err as Error).message).toMatch(/host key has CHANGED/);
    // Backing off: the next call fails at once without a new attempt.
    const t0 = Date.now();
    const again = await r.run('true', []).catch((e: unknown) => e);
    expect((again as Error).message).toMatch(/next attempt in/);
    expect(Date.now() - t0).toBeLessThan(500);
  });
});
