import { readFileSync, writeFileSync } from 'node:fs';
import type { TownEvent } from '../../src/town/schemas/event.js';
import { stringify } from 'yaml';
import { describe, expect, it, vi } from 'vitest';
import { Daemon } from '../../src/daemon/loop.js';
import { PaneCache } from '../../src/agents/state/pane-cache.js';
import { syncOutpost } from '../../src/polecats/outpost/sync.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { sshRunnerFor } from '../../src/runtime/hosts.js';
import { createIssue } from '../../src/town/issues.js';
import { inbox } from '../../src/town/mail.js';
import { readPolecat } from '../../src/town/polecat-state.js';
import { townActions } from '../../src/ui/app/actions.js';
import { FAST_SETTINGS } from '../support/daemon-town.js';
import { outpostSuite } from '../support/outpost-suite.js';
import { local } from '../support/runner.js';
import { sshdAvailable, type TestOutpost } from '../support/sshd.js';
import { type TownFixture, waitFor } from '../support/town-fixture.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

/** Events of one kind in the town's log. */
async function events(fx: TownFixture, kind: string): Promise<TownEvent[]> {
  return readFileSync(fx.town.paths.events, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as TownEvent)
    .filter((e) => e.kind === kind);
}

describe.skipIf(!sshdAvailable)('states of polecats on an outpost, from their panes', () => {
  let fx: TownFixture;
  let op: TestOutpost;

  outpostSuite(
    (s) => {
      fx = s.fx;
      op = s.op;
    },
    { before: (t) => writeFileSync(t.town.paths.configFile('daemon.yaml'), stringify(FAST_SETTINGS)) },
  );

  it('an agent asking a question there is waiting, with the question as its reason, and is never nudged; an unchanged pane is not captured again', async () => {
    const { town } = fx;
    const issue = await createIssue(town, 'web', { title: 'Ask far away', labels: ['ask'] });
    const r = await spawnPolecat(town, { issue: issue.id, agent: 'scripted', outpost: op.name });
    const daemon = new Daemon(town, local, fx.tmux);
    const waiting = await waitFor(
      'the waiting state',
      async () => {
        await daemon.tick();
        const p = readPolecat(town.rigPaths('web'), r.polecat.name);
        return p?.state === 'waiting' ? p : undefined;
      },
      40_000,
    );
    expect(waiting.state_reason).toContain('Do you want to proceed');
    expect(waiting.state_source).toBe('pattern');
    // Past stuck_after (2s): still waiting, no nudge typed there.
    const until = Date.now() + 3500;
    while (Date.now() < until) {
      await daemon.tick();
      await new Promise((res) => setTimeout(res, 200));
    }
    expect(readPolecat(town.rigPaths('web'), r.polecat.name)?.state).toBe('waiting');
    expect(await events(fx, 'daemon.nudge')).toEqual([]);
    // With a pane cache kept across syncs, a pane with no output since is not captured again.
    const panes = new Map<string, PaneCache>();
    // (The pane has been quiet for seconds, so the first read is trusted at once.)
    expect((await syncOutpost(town, op.name, process.env, { panes })).captured).toBe(1);
    expect((await syncOutpost(town, op.name, process.env, { panes })).captured).toBe(0);
    expect((await syncOutpost(town, op.name, process.env, { panes })).captured).toBe(0);
    expect(readPolecat(town.rigPaths('web'), r.polecat.name)?.state).toBe('waiting');
    // The cockpit's preview of it: its pane, captured through the outpost's shared connection.
    const preview = await townActions(town, local).peek('web', r.polecat.name, 60);
    expect(preview).toContain('Do you want to proceed? (y/n)');
  });

  it('a stalled agent there is nudged through the outpost tmux three times, then escalated', async () => {
    const { town } = fx;
    const issue = await createIssue(town, 'web', { title: 'Stall far away', labels: ['stall'] });
    const r = await spawnPolecat(town, { issue: issue.id, agent: 'scripted', outpost: op.name });
    const daemon = new Daemon(town, local, fx.tmux);
    const mine = async (kind: string) =>
      (await events(fx, kind)).filter((e) => e.subject === `web/${r.polecat.name}`);
    await waitFor(
      'the escalation',
      async () => {
        await daemon.tick();
        await new Promise((res) => setTimeout(res, 200));
        return (await mine('daemon.escalate')).length > 0 ? true : undefined;
      },
      60_000,
    );
    expect((await mine('daemon.nudge')).map((e) => e.data?.nudge)).toEqual([1, 2, 3]);
    expect(readPolecat(town.rigPaths('web'), r.polecat.name)?.state).toBe('stuck');
    const toOverseer = inbox(town, 'overseer').filter(
      (m) => m.labels.includes('escalation') && m.title.includes(`web/${r.polecat.name}`),
    );
    expect(toOverseer).toHaveLength(1);
    // The nudge text reached the pane on the outpost.
    const pane = await sshRunnerFor(town, op.name)
      .tmux({ socket: fx.socket })
      .capturePane(r.session, { lines: 100 });
    expect(pane.replace(/\s+/g, '')).toContain('Overseerwitnesshere');
  });
  it('an agent that crashes there is respawned there once (the prompt on the outpost says so), then escalated', async () => {
    const { town } = fx;
    const issue = await createIssue(town, 'web', { title: 'Crash far away', labels: ['crash'] });
    const r = await spawnPolecat(town, { issue: issue.id, agent: 'scripted', outpost: op.name });
    const daemon = new Daemon(town, local, fx.tmux);
    const mine = async (kind: string) =>
      (await events(fx, kind)).filter((e) => e.subject === `web/${r.polecat.name}`);
    await waitFor(
      'the escalation after the respawn',
      async () => {
        await daemon.tick();
        await new Promise((res) => setTimeout(res, 200));
        return (await mine('daemon.escalate')).length > 0 ? true : undefined;
      },
      60_000,
    );
    const respawns = await mine('daemon.respawn');
    expect(respawns).toHaveLength(1);
    expect(respawns[0]!.message).toContain('started again');
    // The fresh session's prompt was written on the outpost, where the agent reads it.
    const ssh = sshRunnerFor(town, op.name);
    const prompt = await ssh.run('cat', [ssh.layout.prompt('web', r.polecat.name)]);
    expect(prompt.stdout).toContain('Resuming after a crash');
    expect(readPolecat(town.rigPaths('web'), r.polecat.name)?.state).toBe('dead');
  });
});
