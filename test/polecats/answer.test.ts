import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { listMergeRequests } from '../../src/town/merge-requests.js';
import { createIssue } from '../../src/town/issues.js';
import { readPolecat } from '../../src/town/polecat-state.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { refreshPolecatStates } from '../../src/agents/state/refresh.js';
import { resolvePolecat } from '../../src/polecats/resolve.js';
import { signalPolecat } from '../../src/polecats/signal.js';
import { ov } from '../support/cli.js';
import { makeTown, waitFor, type TownFixture } from '../support/town-fixture.js';

let fx: TownFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

async function waitingPolecat(f: TownFixture, labels: string[]) {
  const issue = await createIssue(f.town, 'web', { title: 'Needs a yes', labels });
  const r = await spawnPolecat(f.town, { issue: issue.id, agent: 'scripted', tmux: f.tmux });
  const p = await waitFor('waiting', async () => {
    const [s] = await refreshPolecatStates(f.town, 'web', { tmux: f.tmux });
    return s?.state === 'waiting' ? s : undefined;
  });
  return { ...r, waiting: p };
}

const answer = (f: TownFixture, ...args: string[]) => ov(['--town', f.town.root, 'answer', ...args]);
const stateOf = (f: TownFixture, name: string) => readPolecat(f.town.rigPaths('web'), name);

describe('overseer answer: quick answers without attaching', () => {
  it('picks option 1 of a numbered menu; the question goes away, the state leaves waiting, the work completes', async () => {
    fx = await makeTown();
    const { polecat } = await waitingPolecat(fx, ['menu']);
    const r = await answer(fx, polecat.name, '1');
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^answered web\/\w+: sent 1; the question went away/);
    expect(r.exitCode).toBe(0);
    expect(stateOf(fx, polecat.name)?.state).not.toBe('waiting');
    await waitFor('done', () => stateOf(fx!, polecat.name)?.state === 'done' || undefined);
    expect(listMergeRequests(fx.town, 'web')).toHaveLength(1);
  });

  it("a hook's waiting (a Notification) ends with the answer: the state leaves waiting at once", async () => {
    fx = await makeTown();
    const { polecat } = await waitingPolecat(fx, ['menu']);
    await signalPolecat(resolvePolecat(fx.town, polecat.name), {
      state: 'waiting',
      event: 'Notification',
      message: 'needs your permission',
    });
    expect(stateOf(fx, polecat.name)).toMatchObject({ state: 'waiting', state_source: 'hook' });
    const r = await answer(fx, polecat.name, '1');
    expect(r.stdout).toMatch(/the question went away/);
    expect(stateOf(fx, polecat.name)?.state).not.toBe('waiting');
  });

  it("approve sends the preset's approve keys (Enter for scripted) to a y/n question", async () => {
    fx = await makeTown();
    const { polecat } = await waitingPolecat(fx, ['ask']);
    const r = await answer(fx, polecat.name, 'approve');
    expect(r.stdout).toMatch(/answered .*sent Enter; the question went away/);
    expect(r.exitCode).toBe(0);
    await waitFor('done', () => stateOf(fx!, polecat.name)?.state === 'done' || undefined);
  });

  it('deny sends Esc: the agent does not make the change and nothing is submitted', async () => {
    fx = await makeTown();
    const { polecat } = await waitingPolecat(fx, ['menu']);
    const r = await answer(fx, polecat.name, 'deny');
    expect(r.stdout).toMatch(/sent Escape; the question went away/);
    await waitFor(
      'refusal shown',
      async () =>
        (await fx!.tmux.capturePane(polecat.session)).includes('not making the change') || undefined,
    );
    expect(listMergeRequests(fx.town, 'web')).toHaveLength(0);
  });

  it('a key that leaves the question on screen (Down) is reported, exit 3; Down then Enter picks option 2', async () => {
    fx = await makeTown();
    const { polecat } = await waitingPolecat(fx, ['menu']);
    const down = await answer(fx, polecat.name, 'Down');
    expect(down.exitCode).toBe(3);
    expect(down.stdout).toMatch(/NOT answered .*the question is still shown after \d+ ms/);
    expect(await fx.tmux.capturePane(polecat.session)).toContain("❯ 2. Yes, and don't ask again");
    const pick = await answer(fx, polecat.name, 'Up', 'Down', 'Enter');
    expect(pick.exitCode).toBe(0);
    await waitFor(
      'option 2 taken',
      async () =>
        (await fx!.tmux.capturePane(polecat.session)).includes("Proceeding (2. Yes, and don't ask again") ||
        undefined,
    );
  });

  it('rejects a key it does not know with a usage error (exit 2), before sending anything', async () => {
    fx = await makeTown();
    const { polecat } = await waitingPolecat(fx, ['ask']);
    const before = await fx.tmux.capturePane(polecat.session);
    for (const bad of ['C-c', 'yes', 'Y', 'F1']) {
      const r = await answer(fx, polecat.name, 'Enter', bad);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain(
        `"${bad}" is not a key answer sends; keys: Enter, Esc, Up, Down, Tab, a digit 0-9, y or n`,
      );
    }
    expect((await answer(fx, 'nobody', 'F1')).exitCode).toBe(2);
    expect(await fx.tmux.capturePane(polecat.session)).toBe(before);
    expect(stateOf(fx, polecat.name)?.state).toBe('waiting');
    expect(existsSync(`${polecat.prompt_file}.received`)).toBe(false);
  });

  it('without a question on screen, a key is checked like a nudge: the pane must react', async () => {
    fx = await makeTown();
    const issue = await createIssue(fx.town, 'web', { title: 'Think', labels: ['stall'] });
    const r = await spawnPolecat(fx.town, { issue: issue.id, agent: 'scripted', tmux: fx.tmux });
    await waitFor(
      'thinking',
      async () => (await fx!.tmux.capturePane(r.session)).includes('Thinking') || undefined,
    );
    const res = await answer(fx, r.polecat.name, 'y', 'Enter');
    expect(res.stdout).toMatch(/sent y Enter; no question was shown, the pane changed/);
    expect(res.exitCode).toBe(0);
    expect(
      await waitFor('received', () =>
        existsSync(`${r.polecat.prompt_file}.received`)
          ? readFileSync(`${r.polecat.prompt_file}.received`, 'utf8')
          : undefined,
      ),
    ).toBe('y\n');
  });
});
