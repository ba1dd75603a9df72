import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addPlugin } from '../../src/plugins/ops.js';
import { pluginSessionName } from '../../src/plugins/session.js';
import { createIssue } from '../../src/town/issues.js';
import { inbox } from '../../src/town/mail.js';
import { createMergeRequest, listMergeRequests } from '../../src/town/merge-requests.js';
import { readPlugin } from '../../src/town/plugins.js';
import { daemonTown, type DaemonFixture } from '../support/daemon-town.js';
import { ov } from '../support/cli.js';
import { git, waitFor } from '../support/town-fixture.js';

/**
 * Plugins are agents: the scripted agent (behaviour `plugin`) runs as the
 * plugin in a real tmux session, reads its request mail with the real
 * `overseer` CLI and answers with a verdict; the daemon ticks by hand.
 */
let fx: DaemonFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

/** A branch with one commit and a queued merge request for it (no agent needed). */
async function queued(f: DaemonFixture, name: string, file: string): Promise<string> {
  const canonical = f.town.rigPaths('web').canonicalClone;
  const scratch = join(f.dir, `scratch-${name}`);
  git(canonical, ['worktree', 'add', '-q', '-b', `polecat/${name}`, scratch, 'main']);
  writeFileSync(join(scratch, file), `${name}\n`);
  git(scratch, ['add', '-A']);
  git(scratch, ['commit', '-qm', `${name}: ${file}`]);
  git(canonical, ['worktree', 'remove', '--force', scratch]);
  const issue = await createIssue(f.town, 'web', { title: `work of ${name}` });
  const mr = await createMergeRequest(f.town, {
    rig: 'web',
    branch: `polecat/${name}`,
    sourceIssue: issue.id,
    worker: name,
  });
  return mr.id;
}

async function scriptedPlugin(f: DaemonFixture, verdict: string, timeout: string): Promise<void> {
  const p = await addPlugin(f.town, {
    rig: 'web',
    name: 'gate',
    hooks: ['before-merge'],
    agent: 'scripted',
    timeout,
  });
  const cfgFile = join(p.dir, 'plugin.json');
  const cfg = JSON.parse(readFileSync(cfgFile, 'utf8'));
  cfg.env = { OVERSEER_SCRIPTED_BEHAVIOUR: 'plugin', OVERSEER_SCRIPTED_VERDICT: verdict };
  writeFileSync(cfgFile, JSON.stringify(cfg));
}

const stateOf = (f: DaemonFixture, id: string) =>
  listMergeRequests(f.town, 'web').find((m) => m.id === id)!.mr.state;

describe('plugin round trip (scripted agent as the plugin)', () => {
  it('before merge processing: mail with the queue; hold holds the queue, proceed releases it', async () => {
    fx = await daemonTown();
    const f = fx;
    await scriptedPlugin(f, 'hold', '5m');
    const mr = await queued(f, 'nux', 'nux.txt');

    await f.daemon.tick();

    // The plugin got the queue by mail, and its session runs in its own workspace.
    const req = inbox(f.town, 'web/plugins/gate');
    expect(req).toHaveLength(1);
    expect(req[0]!.title).toBe('before-merge: 1 queued in web');
    expect(req[0]!.description).toContain(`1. ${mr} P2 polecat/nux`);
    expect(req[0]!.description).toContain('files: nux.txt (+1 −0)');
    const session = pluginSessionName(f.town, { rig: 'web', name: 'gate' });
    expect((await f.tmux.listSessions()).map((s) => s.name)).toContain(session);
    expect(
      git(f.town.rigPaths('web').pluginWorkspace('gate'), ['rev-parse', '--is-inside-work-tree']).trim(),
    ).toBe('true');

    // Its "hold" holds the queue.
    await f.tickUntil('the hold verdict', () =>
      f.events('daemon.plugin-verdict').some((e) => e.data?.verdict === 'hold'),
    );
    for (let i = 0; i < 5; i++) {
      await f.daemon.tick();
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(stateOf(f, mr)).toBe('queued');
    expect(f.events('daemon.refinery')).toEqual([]);
    expect(readPlugin(f.town.rigPaths('web'), 'gate').runtime!.invocations[0]).toMatchObject({
      status: 'answered',
      verdict: 'hold',
    });

    // Told to proceed (a line typed into the agent), it answers again: the queue is released.
    await f.tmux.sendLiteral(session, 'proceed looks fine now');
    await f.tmux.sendEnter(session);
    await f.tickUntil('the merge', () => stateOf(f, mr) === 'merged');
    const verdicts = f.events('daemon.plugin-verdict').map((e) => e.data?.verdict);
    expect(verdicts).toEqual(['hold', 'proceed']);
    expect(f.events('daemon.plugin-invoke')).toHaveLength(1);
    expect(f.events('daemon.plugin-timeout')).toEqual([]);
    // The request's history says what the plugin decided, and when.
    const history = listMergeRequests(f.town, 'web')
      .find((m) => m.id === mr)!
      .mr.history.map((h) => `${h.state}: ${h.reason}`);
    expect(history.slice(0, 3)).toEqual([
      'queued: submitted by nux',
      'queued: plugin gate: hold (scripted plugin says hold)',
      'queued: plugin gate: proceed (looks fine now)',
    ]);

    // The CLI shows it.
    const env = { OVERSEER_TOWN: f.town.root, OVERSEER_TMUX_SOCKET: f.socket };
    const list = await ov(['plugin', 'list'], { env });
    expect(list.stdout).toMatch(/web\/gate\s+before-merge\s+scripted\s+running\s+before-merge proceed/);
    const status = await ov(['plugin', 'status', 'web/gate'], { env });
    expect(status.stdout).toContain('answered  proceed');
  });

  it('no answer: the hook point waits until the timeout, proceeds, and records that it did', async () => {
    fx = await daemonTown();
    const f = fx;
    await scriptedPlugin(f, 'none', '4s');
    const mr = await queued(f, 'nux', 'nux.txt');

    await f.daemon.tick();
    expect(inbox(f.town, 'web/plugins/gate')).toHaveLength(1);
    await f.daemon.tick();
    expect(stateOf(f, mr)).toBe('queued');

    await f.tickUntil('the merge', () => stateOf(f, mr) === 'merged');
    // The plugin read its request (marked read) and never answered.
    await waitFor('the plugin to read it', () =>
      inbox(f.town, 'web/plugins/gate', { unreadOnly: true }).length === 0 ? true : undefined,
    );
    const inv = readPlugin(f.town.rigPaths('web'), 'gate').runtime!.invocations[0]!;
    expect(inv.status).toBe('timed-out');
    expect(
      listMergeRequests(f.town, 'web')
        .find((m) => m.id === mr)!
        .mr.history.map((h) => h.reason),
    ).toContain('plugin gate gave no verdict in time: proceeding without it');
    const picked = listMergeRequests(f.town, 'web')
      .find((m) => m.id === mr)!
      .mr.history.find((h) => h.state === 'testing')!;
    expect(Date.parse(picked.at)).toBeGreaterThanOrEqual(Date.parse(inv.deadline));
    const timeouts = f.events('daemon.plugin-timeout');
    expect(timeouts).toHaveLength(1);
    expect(timeouts[0]!.message).toMatch(/no verdict from plugin gate by .*; proceeding without it/);
    expect(f.events('daemon.plugin-verdict')).toEqual([]);
  });
});
