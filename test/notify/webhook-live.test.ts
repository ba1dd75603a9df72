import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { restartPolecatSession } from '../../src/daemon/session-start.js';
import { nudgePolecat } from '../../src/polecats/session-ops.js';
import { resolvePolecat } from '../../src/polecats/resolve.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { createIssue } from '../../src/town/issues.js';
import { readPolecat } from '../../src/town/polecat-state.js';
import { daemonTown, type DaemonFixture } from '../support/daemon-town.js';
import { httpReceiver } from '../support/http-receiver.js';
import { local } from '../support/runner.js';

let fx: DaemonFixture | undefined;
let rx: Awaited<ReturnType<typeof httpReceiver>> | undefined;
afterEach(async () => {
  await fx?.cleanup();
  await rx?.close();
  fx = rx = undefined;
});

describe('webhook notifications from the daemon (real tmux, scripted agent, local HTTP receiver)', () => {
  it('one POST for an agent waiting for input, sanitized; a second only after it resolves and recurs', async () => {
    // The refinery stays off so the answered polecat stays around (done) for the recurrence.
    fx = await daemonTown({ settings: { refinery: { enabled: false } } });
    rx = await httpReceiver();
    const f = fx;
    const r = rx;
    writeFileSync(
      f.town.paths.configFile('notify.yaml'),
      stringify({
        version: 1,
        channels: [{ type: 'bell' }, { type: 'webhook', url: r.url, events: ['waiting'] }],
      }),
    );
    const title = 'Fix \x1b]0;pwned\x07the header\x1b[2J $(touch PWNED)';
    const issue = await createIssue(f.town, 'web', { title, labels: ['ask'] });
    const { polecat } = await spawnPolecat(f.town, { issue: issue.id, tmux: f.tmux });
    const tickAndSettle = async () => {
      await f.daemon.tick();
      await f.daemon.notifier.flush();
    };
    const tickUntilPosts = async (n: number) => {
      const end = Date.now() + 30_000;
      while (r.got.length < n) {
        if (Date.now() > end) throw new Error(`no POST number ${n}; got ${r.got.length}`);
        await tickAndSettle();
        await new Promise((res) => setTimeout(res, 100));
      }
    };
    await tickUntilPosts(1);
    expect(r.got).toHaveLength(1);
    const first = JSON.parse(r.got[0]!.body) as Record<string, string>;
    expect(first).toMatchObject({ kind: 'waiting', rig: 'web', subject: polecat.name, issue: issue.id });
    expect(first.title).toBe(
      `Waiting for input: web/${polecat.name} (${issue.id}: Fix the header $(touch PWNED))`,
    );
    expect(first.reason).toMatch(/Do you want to proceed/);
    expect(r.got[0]!.body).not.toMatch(/\\u001b|\\u0007/);
    // Still waiting, several ticks later: no second POST.
    for (let i = 0; i < 6; i++) await tickAndSettle();
    expect(r.got).toHaveLength(1);
    const sent = f.events('notify.sent');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.data).toMatchObject({ channel: 'webhook', key: `waiting:web/${polecat.name}`, ok: true });

    // The operator answers: the item resolves.
    await nudgePolecat(resolvePolecat(f.town, polecat.name), 'y', { tmux: f.tmux });
    await f.tickUntil('the polecat to stop waiting', () => {
      const p = readPolecat(f.town.rigPaths('web'), polecat.name);
      return p && p.state !== 'waiting';
    });
    for (let i = 0; i < 3; i++) await tickAndSettle();
    expect(r.got).toHaveLength(1);

    // A fresh session asks again: the item recurs, and one more POST goes out.
    await restartPolecatSession(f.town, local, f.tmux, 'web', polecat.name, {
      heading: 'Again',
      text: 'ask again',
    });
    await tickUntilPosts(2);
    for (let i = 0; i < 4; i++) await tickAndSettle();
    expect(r.got).toHaveLength(2);
    expect(JSON.parse(r.got[1]!.body)).toMatchObject({ kind: 'waiting', subject: polecat.name });
  });
});
