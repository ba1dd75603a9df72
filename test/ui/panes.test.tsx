import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createIssue } from '../../src/town/issues.js';
import { KEY } from '../support/ui/render.js';
import { townFixture, type Fixture } from '../support/ui/panes-fixture.js';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe('cockpit panes on a real town', () => {
  it('header: town, rigs, polecats by state, unread mail, daemon heartbeat', async () => {
    fx = await townFixture();
    const f = await fx.see('testtown');
    expect(f).toMatch(/1 rig · 3 polecats \(1 working · 1 waiting · 1 done\)/);
    expect(f).toContain('✉ 1');
    expect(f).toMatch(/daemon \d+s/);
  });

  it('attention: the waiting polecat with its reason', async () => {
    fx = await townFixture();
    const f = await fx.see('Attention');
    expect(f).toContain('waiting');
    expect(f).toContain('web/bob');
    expect(f).toContain('asks: Do you want to proceed?');
    expect(f).not.toContain('web/ace');
  });

  it('polecats: name, rig, issue, state, reason', async () => {
    fx = await townFixture({ cols: 140 });
    await fx.ui.press('2');
    const f = await fx.see('Polecats');
    for (const s of ['ace', 'bob', 'cat', 'editing files', 'working', 'done', fx.ids.a!])
      expect(f).toContain(s);
  });

  it('merge queue, mail, escalations, ready issues and events', async () => {
    fx = await townFixture();
    await fx.ui.press('3');
    let f = await fx.see('Merge queue');
    expect(f).toContain(fx.ids.mr!);
    expect(f).toContain('queued');
    await fx.ui.press('4');
    f = await fx.see('Please review the plan');
    expect(f).toContain('●');
    expect(f).toContain('mayor');
    await fx.ui.press('5');
    f = await fx.see('Escalations');
    expect(f).toContain('cheap ✗ → strong …');
    await fx.ui.press('6');
    f = await fx.see('Ready issues');
    expect(f).toContain('Build the login form');
    expect(f).not.toContain('Blocked docs');
    await fx.ui.press('7');
    f = await fx.see('Events');
    expect(f).toContain('town testtown created');
  });

  it('strips escape sequences from issue titles and pane text', async () => {
    fx = await townFixture();
    await fx.ui.press('6');
    const f = await fx.see('Fix red header');
    expect(f).not.toContain('[31m');
  });

  it('shows new data as files change, without any key', async () => {
    fx = await townFixture();
    await fx.ui.press('6');
    await fx.see('Build the login form');
    await createIssue(fx.t.town, 'web', { title: 'Freshly filed issue' });
    await fx.see('Freshly filed issue');
  });

  it('a corrupted state file shows an error badge naming it; the rest keeps updating', async () => {
    fx = await townFixture();
    await fx.see('testtown');
    writeFileSync(fx.t.town.rigPaths('web').polecatState('ace'), '{ garbage');
    await fx.see('web/.runtime/polecats/ace.json');
    await fx.ui.press('6');
    await createIssue(fx.t.town, 'web', { title: 'Still updating' });
    const f = await fx.see('Still updating');
    expect(f).toContain('ace.json');
  });

  it('at 80x24 one pane at a time, every pane reachable with Tab', async () => {
    fx = await townFixture({ cols: 80, rows: 24 });
    const seen: string[] = [];
    for (const title of [
      'Attention',
      'Polecats',
      'Merge queue',
      'Mail',
      'Escalations',
      'Ready issues',
      'Events',
      'Preview',
    ]) {
      const f = await fx.see(title);
      seen.push(title);
      expect(f.split('\n').length).toBeLessThanOrEqual(24);
      await fx.ui.press(KEY.tab);
    }
    expect(seen).toHaveLength(8);
  });

  it('on a wide terminal several panes stand side by side, with the preview', async () => {
    fx = await townFixture({ cols: 200, rows: 50 });
    const f = await fx.see('Preview');
    for (const title of ['Attention', 'Polecats', 'Merge queue', 'Mail']) expect(f).toContain(title);
    // the preview follows the selection (bob is selected in attention)
    await fx.see('pane of web/bob');
    expect(fx.ui.frame()).not.toContain('[31m');
  });
});
