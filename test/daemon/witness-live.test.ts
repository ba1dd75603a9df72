import { afterEach, describe, expect, it } from 'vitest';
import { attentionItems } from '../../src/daemon/attention.js';
import { readPolecats } from '../../src/town/polecat-state.js';
import { createIssue } from '../../src/town/issues.js';
import { inbox } from '../../src/town/mail.js';
import { readTownSnapshot } from '../../src/town/snapshot.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { daemonTown, type DaemonFixture } from '../support/daemon-town.js';
import { waitFor } from '../support/town-fixture.js';

let fx: DaemonFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

describe('witness with real tmux and scripted agents', () => {
  it('nudges a stalled agent three times, spaced by the cooldown, then escalates to mayor and overseer', async () => {
    fx = await daemonTown();
    const issue = await createIssue(fx.town, 'web', { title: 'Stall forever', labels: ['stall'] });
    const { polecat } = await spawnPolecat(fx.town, { issue: issue.id, tmux: fx.tmux });
    const f = fx;
    await f.tickUntil('the escalation', () => f.events('daemon.escalate').length > 0, 40_000);
    const nudges = f.events('daemon.nudge');
    expect(nudges.map((e) => e.data?.nudge)).toEqual([1, 2, 3]);
    const times = nudges.map((e) => Date.parse(e.data!.decided_at as string));
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1500);
    const esc = f.events('daemon.escalate')[0]!;
    expect(Date.parse(esc.data!.decided_at as string) - times[2]!).toBeGreaterThanOrEqual(1500);
    // Mail to both, with the escalation fields; the attention queue lists it.
    const toOverseer = inbox(f.town, 'overseer').filter((m) => m.labels.includes('escalation'));
    const toMayor = inbox(f.town, 'mayor').filter((m) => m.labels.includes('escalation'));
    expect(toOverseer).toHaveLength(1);
    expect(toMayor).toHaveLength(1);
    expect(toOverseer[0]!.title).toContain(`web/${polecat.name}`);
    const items = attentionItems(readTownSnapshot(f.town.root), Date.now());
    expect(items.some((i) => i.kind === 'escalated' && i.issue === issue.id)).toBe(true);
    // No fourth nudge and no second escalation on later ticks.
    for (let i = 0; i < 8; i++) {
      await f.daemon.tick();
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(f.events('daemon.nudge')).toHaveLength(3);
    expect(f.events('daemon.escalate')).toHaveLength(1);
    // The nudge text reached the pane.
    const pane = await f.tmux.capturePane(polecat.session, { lines: 100 });
    expect(pane.replace(/\s+/g, '')).toContain('Overseerwitnesshere');
  });

  it('puts an agent waiting for input in the attention queue at once and never nudges it', async () => {
    fx = await daemonTown();
    const issue = await createIssue(fx.town, 'web', { title: 'Ask first', labels: ['ask'] });
    const { polecat } = await spawnPolecat(fx.town, { issue: issue.id, tmux: fx.tmux });
    const f = fx;
    await f.tickUntil('the waiting state', () =>
      readPolecats(f.town.rigPaths('web')).polecats.find(
        (p) => p.name === polecat.name && p.state === 'waiting',
      ),
    );
    const items = attentionItems(readTownSnapshot(f.town.root), Date.now());
    expect(items).toContainEqual(
      expect.objectContaining({ kind: 'waiting', rig: 'web', subject: polecat.name, issue: issue.id }),
    );
    // Well past stuck_after (2s): still no nudge, no escalation.
    const until = Date.now() + 4500;
    while (Date.now() < until) {
      await f.daemon.tick();
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(f.events('daemon.nudge')).toEqual([]);
    expect(f.events('daemon.escalate')).toEqual([]);
    expect(readPolecats(f.town.rigPaths('web')).polecats[0]!.state).toBe('waiting');
    await waitFor('the pane to still ask', async () =>
      (await f.tmux.capturePane(polecat.session)).includes('(y/n)'),
    );
  });
});
