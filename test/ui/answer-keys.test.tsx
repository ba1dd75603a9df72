import { afterEach, describe, expect, it } from 'vitest';
import { refreshPolecatStates } from '../../src/agents/state/refresh.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { createIssue } from '../../src/town/issues.js';
import { listMergeRequests } from '../../src/town/merge-requests.js';
import { readPolecat } from '../../src/town/polecat-state.js';
import { makeTown, waitFor, type TownFixture } from '../support/town-fixture.js';
import { KEY, tick } from '../support/ui/render.js';
import { liveCockpit, type LiveCockpit } from '../support/ui/live-cockpit.js';

/**
 * The cockpit's approve / deny / pick-option keys on a real town: a real
 * scripted agent in tmux waits on a numbered menu; the keys go through the
 * real actions (overseer answer's library call) into its pane.
 */
let fx: TownFixture | undefined;
let cockpit: LiveCockpit | undefined;
afterEach(async () => {
  await cockpit?.close();
  await fx?.cleanup();
  fx = cockpit = undefined;
});

async function cockpitOnWaitingAgent(labels: string[]) {
  fx = await makeTown();
  const f = fx;
  const issue = await createIssue(f.town, 'web', { title: 'Needs a yes', labels });
  const r = await spawnPolecat(f.town, { issue: issue.id, agent: 'scripted', tmux: f.tmux });
  await waitFor('waiting', async () => {
    const [p] = await refreshPolecatStates(f.town, 'web', { tmux: f.tmux });
    return p?.state === 'waiting' || undefined;
  });
  cockpit = liveCockpit(f.town);
  await cockpit.see(/waiting +web\/\w+/);
  return { f, r, u: cockpit.ui, see: cockpit.see };
}

const state = (f: TownFixture, name: string) => readPolecat(f.town.rigPaths('web'), name)?.state;

describe('cockpit quick answers (attention pane)', () => {
  it('y approves: the question goes away and the agent finishes its work', async () => {
    const { f, r, u, see } = await cockpitOnWaitingAgent(['menu']);
    const frame = await see('approve');
    expect(frame).toMatch(/y approve/);
    await u.press('y');
    await see(/answered web\/\w+: sent Enter; the question went away/);
    await waitFor('done', () => state(f, r.polecat.name) === 'done' || undefined);
    expect(listMergeRequests(f.town, 'web')).toHaveLength(1);
  });

  it('d denies (Esc): the agent does not make the change', async () => {
    const { f, r, u, see } = await cockpitOnWaitingAgent(['menu']);
    await u.press('d');
    await see(/answered web\/\w+: sent Escape; the question went away/);
    await waitFor(
      'refusal',
      async () => (await f.tmux.capturePane(r.session)).includes('not making the change') || undefined,
    );
    expect(listMergeRequests(f.town, 'web')).toHaveLength(0);
  });

  it('o then a digit picks option N (digits alone still switch panes)', async () => {
    const { f, r, u, see } = await cockpitOnWaitingAgent(['menu']);
    await u.press('o');
    await see('Option (1-9)');
    await u.press('2', KEY.enter);
    await see(/answered web\/\w+: sent 2; the question went away/);
    await waitFor(
      'option 2 taken',
      async () =>
        (await f.tmux.capturePane(r.session)).includes("Proceeding (2. Yes, and don't ask again") ||
        undefined,
    );
    // No question now: the answer keys are off and say nothing in the footer.
    await see('nobody needs you');
    await tick();
    expect(u.frame()).not.toMatch(/y approve/);
  });
});
