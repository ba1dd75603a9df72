import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { listMergeRequests } from '../../src/town/merge-requests.js';
import { readPolecat, readPolecats } from '../../src/town/polecat-state.js';
import { KEY } from '../support/ui/render.js';
import { triageTown, type TriageTown } from '../support/ui/triage-fixture.js';
import { waitFor } from '../support/town-fixture.js';

// One town for every kind (it takes a while to make); the temp dir goes after the test.
let t: TriageTown;
afterEach(async () => {
  await t?.close();
});

const mrOf = (issue: string) => listMergeRequests(t.fx.town, 'web').find((m) => m.mr.source_issue === issue)!;
const rp = () => t.fx.town.rigPaths('web');

const steps: [string, () => Promise<void>][] = [];
const step = (name: string, fn: () => Promise<void>) => steps.push([name, fn]);

{
  step(
    'lists every kind with its own keys in the footer, and help shows the keys of the selected item',
    async () => {
      const f = await t.see(/Attention 1\/8/);
      for (const kind of ['failed', 'conflict', 'waiting', 'stuck', 'dead', 'escalated'])
        expect(f).toContain(kind);
      await t.only('failed web');
      const failed = await t.see('f respawn w/ feedback');
      expect(failed).toMatch(/t output +i issue +r retry +f respawn w\/ feedback/);
      await t.ui.press('?');
      const help = await t.see(/Keys for the selected item/);
      expect(help).toContain('Respawn the worker with the test failure as feedback');
      expect(help).not.toContain('Reply to the escalation');
      await t.ui.press(KEY.escape);
    },
  );

  step('failed tests: t shows the output, r retries the merge request', async () => {
    await t.only('failed web');
    await t.ui.press('t');
    await t.see('test output (tail)');
    expect(t.ui.frame()).toMatch(/tests failed \(exit 1\)/);
    await t.ui.press(KEY.escape);
    await t.ui.press('r');
    await t.see(/web-\w+ back in the queue/);
    expect(mrOf(t.issues.failed!).mr.state).toBe('queued');
  });

  step(
    'failed tests: f respawns the worker with the failure as feedback (from the detail view)',
    async () => {
      // Back to failed: the refinery runs the retried request again.
      const { processQueue } = await import('../../src/refinery/process.js');
      const { local } = await import('../support/runner.js');
      await processQueue(t.fx.town, 'web', { runner: local });
      expect(mrOf(t.issues.failed!).mr.state).toBe('failed');
      await t.only('failed web');
      await t.ui.press(KEY.enter);
      await t.see(/failed: web\//);
      expect(t.ui.frame()).toContain('f respawn w/ feedback');
      await t.ui.press('f');
      await t.see('Respawn the worker');
      await t.ui.press('y');
      await t.see(/restarted with the test failure as feedback/, 20_000);
      const p = readPolecat(rp(), t.names.failed)!;
      expect(p.state).toBe('spawning');
      const prompt = readFileSync(p.prompt_file!, 'utf8');
      expect(prompt).toContain("The merge queue's tests failed on branch");
      expect(prompt).toContain('Feedback from the overseer');
      expect(mrOf(t.issues.failed!).mr.state).toBe('rejected');
    },
  );

  step('conflict: i opens the resolve issue, s spawns on it, r retries', async () => {
    const conflicted = listMergeRequests(t.fx.town, 'web').find((m) => m.mr.state === 'conflict')!;
    await t.only('conflict web');
    await t.ui.press('i');
    await t.see(/Resolve merge conflicts: Banner/);
    await t.ui.press(KEY.escape);
    await t.ui.press('s');
    await t.see('pick an agent preset');
    await t.ui.press(KEY.enter);
    await t.see(/spawned web\/\w+ \(scripted\) on web-/, 20_000);
    expect(readPolecats(rp()).polecats.some((p) => p.issue === conflicted.mr.resolve_issue)).toBe(true);
    await t.ui.press('r');
    await t.see(`${conflicted.id} back in the queue`);
    expect(t.fx.town.rigBeads('web').get(conflicted.id)).toMatchObject({ mr: { state: 'queued' } });
  });

  step('failed tests again: ctrl+x rejects the merge request, saying why', async () => {
    // The respawned worker breaks the tests again (its behaviour); the refinery fails its new request.
    await waitFor(
      'the respawned worker to finish',
      () => readPolecat(rp(), t.names.failed)?.state === 'done' || undefined,
      30_000,
    );
    const { processQueue } = await import('../../src/refinery/process.js');
    const { local } = await import('../support/runner.js');
    await processQueue(t.fx.town, 'web', { runner: local });
    const again = listMergeRequests(t.fx.town, 'web').find(
      (m) => m.mr.source_issue === t.issues.failed && m.mr.state === 'failed',
    )!;
    await t.only('failed web');
    await t.ui.press(KEY.ctrl('x'));
    await t.see(`Reject ${again.id}`);
    for (const ch of 'not wanted') await t.ui.press(ch);
    await t.ui.press(KEY.enter);
    await t.see(`${again.id} rejected`);
    expect(t.fx.town.rigBeads('web').get(again.id)).toMatchObject({ mr: { state: 'rejected' } });
  });

  step('stuck: n nudges, R restarts the session', async () => {
    await t.only('stuck web');
    await t.ui.press('n');
    await t.see(/Nudge web\//);
    for (const ch of 'status?') await t.ui.press(ch);
    await t.ui.press(KEY.enter);
    await t.see(/nudged web\/\w+: (delivered|NOT delivered)/, 15_000);
    await t.ui.press('R');
    await t.see(/Restart web\//);
    await t.ui.press('y');
    await t.see(/restarted web\/\w+ in ov-web-/, 20_000);
    expect(readPolecat(rp(), t.names.staller)!.state).toBe('spawning');
  });

  step('dead: D removes a clean one; refuses one holding a commit, which R respawns', async () => {
    await t.only(`dead web ${t.names.stopped} `);
    await t.ui.press('D');
    await t.see(`Remove web/${t.names.stopped}?`);
    await t.ui.press('y');
    await t.see(`removed web/${t.names.stopped}: nothing unlanded`, 20_000);
    expect(readPolecat(rp(), t.names.stopped)).toBeUndefined();
    await t.only(`dead web ${t.names.keeper} `);
    await t.ui.press('D');
    const blocked = await t.see(`Remove web/${t.names.keeper}: blocked`);
    expect(blocked).toMatch(/would lose: .*precious work/);
    await t.ui.press(KEY.escape);
    await t.ui.press('R');
    await t.see(`Respawn web/${t.names.keeper}`);
    await t.ui.press('y');
    await t.see(`restarted web/${t.names.keeper}`, 20_000);
    expect(readPolecat(rp(), t.names.keeper)!.state).toBe('spawning');
  });

  step('waiting: x stops the agent after asking', async () => {
    await t.only('waiting web');
    await t.ui.press('x');
    await t.see(`Stop web/${t.names.asker}?`);
    await t.ui.press('y');
    await t.see(`stopped web/${t.names.asker}`, 15_000);
    expect(readPolecat(rp(), t.names.asker)!.state).toBe('dead');
  });

  step(
    'exhausted chain: p reassigns the issue to another preset, with the escalation as feedback',
    async () => {
      await t.only('all tiers failed');
      await t.ui.press('p');
      await t.see('pick a preset or a tier');
      await t.ui.press(KEY.enter);
      const done = await t.see(/reassigned to \w+: web\/\w+/, 20_000);
      const name = done.match(/reassigned to \w+: web\/(\w+)/)![1]!;
      const p = readPolecat(rp(), name)!;
      expect(p.issue).toBe(t.issues.exhausted);
      expect(readFileSync(p.prompt_file!, 'utf8')).toContain('chain default exhausted');
    },
  );

  step(
    'escalation: e replies by mail (and marks it read), p reassigns the issue to another preset',
    async () => {
      await t.only('escalated');
      await t.ui.press('e');
      await t.see(/Reply to web\/witness/);
      for (const ch of 'try again') await t.ui.press(ch);
      await t.ui.press(KEY.enter);
      await t.see(/reply hq-\w+ sent to web\/witness/);
      const beads = [...t.fx.town.townBeads.all().values()];
      expect(beads.some((b) => b.assignee === 'web/witness' && b.description === 'try again')).toBe(true);
      expect(beads.find((b) => b.labels.includes('escalation'))!.status).toBe('closed');
    },
  );
}

describe('triage from the keyboard, on a real town with real actions', () => {
  it('every attention kind: its keys in the footer and help, and its actions', async () => {
    t = await triageTown();
    for (const [name, fn] of steps) {
      try {
        await fn();
      } catch (e) {
        throw new Error(`step "${name}": ${(e as Error).message}`, { cause: e });
      }
    }
  }, 300_000);
});
