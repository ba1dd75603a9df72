import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { townActions } from '../../src/ui/app/actions.js';
import { readPause } from '../../src/town/pause.js';
import { removePolecatState } from '../../src/town/polecat-state.js';
import { local } from '../support/runner.js';
import { KEY } from '../support/ui/render.js';
import { townFixture, type Fixture } from '../support/ui/panes-fixture.js';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe('cockpit: header, preview, crew pane', () => {
  it('at 80x24 the header shows the merge-queue counts', async () => {
    fx = await townFixture({ cols: 80, rows: 24 });
    const f = await fx.see(/mq 1q 0t 0f 0c/);
    expect(f.split('\n')[0]!.length).toBeLessThanOrEqual(80);
  });

  it('the preview follows the selection and drops a polecat that was removed', async () => {
    fx = await townFixture();
    const f = fx;
    await f.ui.press('2'); // polecats: ace is selected, the preview shows it
    await f.see('Preview web/ace');
    await f.ui.press('4'); // mail: the preview keeps the last polecat while it exists
    await f.see('Preview web/ace');
    removePolecatState(f.t.town.rigPaths('web'), 'ace');
    f.store.flush();
    await f.see('select a polecat to see its pane');
    expect(f.ui.frame()).not.toContain('Preview web/ace');
  });

  it('the crew pane lists crew workspaces and opens a shell in the selected one', async () => {
    fx = await townFixture();
    const f = fx;
    const dir = join(f.t.town.paths.rig('web').crewDir, 'alice');
    mkdirSync(dir, { recursive: true });
    await f.t.town.events.emit({ kind: 'crew.added', actor: 'overseer', rig: 'web', message: 'crew alice' });
    f.store.flush();
    await f.ui.press('8');
    await f.see(/Crew 1\/1/);
    expect(f.ui.frame()).toContain('alice');
    await f.ui.press('a');
    await f.see('attachCrew ok');
    expect(f.calls).toContainEqual(['attachCrew', 'web', 'alice']);
    rmSync(dir, { recursive: true });
    await f.t.town.events.emit({ kind: 'crew.removed', actor: 'overseer', rig: 'web', message: 'gone' });
    f.store.flush();
    await f.see('no crew workspaces: overseer crew add RIG NAME');
    expect(f.ui.frame()).not.toContain('alice');
  });
});

describe('emergency stop and resume from the keyboard (real town, real actions)', () => {
  it('S asks, stops and pauses; the header says PAUSED; U asks and resumes', async () => {
    fx = await townFixture({ actions: (t) => townActions(t.town, local) });
    const f = fx;
    const see = (text: string | RegExp) => (f.store.flush(), f.see(text, 10_000));
    await see(/Attention/);
    await f.ui.press('U'); // nothing paused: U does nothing
    expect(f.ui.frame()).not.toContain('Resume dispatch');
    await f.ui.press('S');
    const plan = await see('Emergency stop: the whole town?');
    expect(plan).toMatch(/end the session of web\/ace/);
    expect(readPause(f.t.town.paths).pause.all).toBeUndefined(); // asking changes nothing
    await f.ui.press('y');
    await see(/⏸ PAUSED town/);
    await see(/emergency stop: \d+ session\(s\) ended/);
    expect(readPause(f.t.town.paths).pause.all?.by).toBeTruthy(); // the daemon reads this pause
    await f.ui.press('U');
    await see('Resume dispatch?');
    await f.ui.press(KEY.enter);
    await see('resumed: dispatch is on again');
    await see(/^(?![\s\S]*PAUSED)/); // the header drops PAUSED once the store reads the pause file again
    expect(readPause(f.t.town.paths).pause.all).toBeUndefined();
  });
});
