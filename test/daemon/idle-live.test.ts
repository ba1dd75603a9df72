import { afterEach, describe, expect, it } from 'vitest';
import { attentionItems } from '../../src/daemon/attention.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { createIssue } from '../../src/town/issues.js';
import { inbox } from '../../src/town/mail.js';
import { listMergeRequests } from '../../src/town/merge-requests.js';
import { readPolecat } from '../../src/town/polecat-state.js';
import { readTownSnapshot } from '../../src/town/snapshot.js';
import { daemonTown, FAST_SETTINGS, type DaemonFixture } from '../support/daemon-town.js';

let fx: DaemonFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

// stuck_after well above how long `overseer done` takes on a loaded machine: only idle nudges here.
const settings = { witness: { ...FAST_SETTINGS.witness, stuck_after: '20s', idle_nudge_after: '1s' } };

describe('an agent that stops early is followed up (real tmux, real daemon ticks)', () => {
  it('an early stop is nudged after idle_nudge_after, and the agent then finishes', async () => {
    fx = await daemonTown({ settings });
    const f = fx;
    const issue = await createIssue(f.town, 'web', { title: 'Stop early', labels: ['early-stop'] });
    const { polecat } = await spawnPolecat(f.town, { issue: issue.id, tmux: f.tmux });
    await f.tickUntil('idle', () => readPolecat(f.town.rigPaths('web'), polecat.name)?.state === 'idle');
    await f.tickUntil('done', () => readPolecat(f.town.rigPaths('web'), polecat.name)?.state === 'done');
    const nudges = f.events('daemon.nudge');
    expect(nudges).toHaveLength(1);
    expect(nudges[0]!.data).toMatchObject({ nudge: 1, about: 'idle' });
    expect(nudges[0]!.message).toMatch(/idle for \d+s with web-\w+ not done \(nudge 1 of 3\)/);
    expect(listMergeRequests(f.town, 'web')).toHaveLength(1);
    const pane = await f.tmux.capturePane(polecat.session, { lines: 100 });
    expect(pane.replace(/\s+/g, '')).toContain('yourturnendedbutyourissueisnotdoneyet');
    expect(f.events('daemon.escalate')).toEqual([]);
  });

  it('an agent that stays idle is nudged three times, then escalated to mayor and overseer', async () => {
    const agents = [
      'version: 1',
      'presets:',
      '  idler:',
      // A prompt that takes any line and shows itself again: idle forever.
      '    command: [sh, -c, \'printf "❯ "; while read -r l; do printf "❯ "; done\', \'{prompt_file}\']',
      "    state: { prompt_marker: '❯', tail_lines: 4 }",
      '',
    ].join('\n');
    fx = await daemonTown({ settings, agents });
    const f = fx;
    const issue = await createIssue(f.town, 'web', { title: 'Never finish' });
    const { polecat } = await spawnPolecat(f.town, { issue: issue.id, agent: 'idler', tmux: f.tmux });
    await f.tickUntil('the escalation', () => f.events('daemon.escalate').length > 0, 40_000);
    expect(f.events('daemon.nudge').map((e) => [e.data?.nudge, e.data?.about])).toEqual([
      [1, 'idle'],
      [2, 'idle'],
      [3, 'idle'],
    ]);
    expect(f.events('daemon.escalate')[0]!.data).toMatchObject({ about: 'idle', issue: issue.id });
    for (const who of ['overseer', 'mayor'])
      expect(inbox(f.town, who).filter((m) => m.labels.includes('escalation'))).toHaveLength(1);
    const items = attentionItems(readTownSnapshot(f.town.root), Date.now());
    expect(items).toContainEqual(expect.objectContaining({ kind: 'escalated', issue: issue.id }));
    // Nothing more on later ticks.
    for (let i = 0; i < 6; i++) {
      await f.daemon.tick();
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(f.events('daemon.nudge')).toHaveLength(3);
    expect(f.events('daemon.escalate')).toHaveLength(1);
    expect(readPolecat(f.town.rigPaths('web'), polecat.name)?.state).toBe('idle');
  });
});
