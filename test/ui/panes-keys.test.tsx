import { afterEach, describe, expect, it } from 'vitest';
import { KEY } from '../support/ui/render.js';
import { townFixture, type Fixture } from '../support/ui/panes-fixture.js';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe('cockpit keys', () => {
  it('j/k, arrows, g/G move the selection', async () => {
    fx = await townFixture();
    await fx.ui.press('2');
    await fx.see('1/3');
    await fx.ui.press('j');
    await fx.see('2/3');
    await fx.ui.press(KEY.down);
    await fx.see('3/3');
    await fx.ui.press('k');
    await fx.see('2/3');
    await fx.ui.press('g');
    await fx.see('1/3');
    await fx.ui.press('G');
    await fx.see('3/3');
  });

  it('Tab, Shift-Tab and digits switch panes', async () => {
    fx = await townFixture({ cols: 80, rows: 24 });
    await fx.see(/[─═] Attention /);
    await fx.ui.press(KEY.tab);
    await fx.see(/[─═] Polecats /);
    expect(fx.ui.frame()).not.toMatch(/[─═] Attention /);
    await fx.ui.press(KEY.shiftTab);
    await fx.see(/[─═] Attention /);
    await fx.ui.press('6');
    await fx.see(/[─═] Ready issues /);
  });

  it('/ filters the rows of a pane; Esc clears it', async () => {
    fx = await townFixture();
    await fx.ui.press('2');
    await fx.see('1/3');
    await fx.ui.press('/', 'b', 'o', 'b', KEY.enter);
    const f = await fx.see('1/1');
    expect(f).toContain('bob');
    expect(f).not.toContain('editing files');
    await fx.ui.press(KEY.escape);
    await fx.see('1/3');
  });

  it('? shows help generated from the keymap; Esc closes it', async () => {
    fx = await townFixture();
    await fx.ui.press('?');
    const f = await fx.see('Keys');
    expect(f).toContain('Nudge the selected agent');
    await fx.ui.press(KEY.escape);
    await fx.see('Attention');
    expect(fx.ui.frame()).not.toContain('Nudge the selected agent');
  });

  it('x asks to confirm; n cancels and nothing is stopped; y stops', async () => {
    fx = await townFixture();
    await fx.ui.press('2');
    await fx.see('1/3');
    await fx.ui.press('x');
    await fx.see('Stop web/ace?');
    await fx.ui.press('n');
    await fx.see('cancelled');
    expect(fx.calls.filter((c) => c[0] === 'stop')).toEqual([]);
    await fx.ui.press('x');
    await fx.see('Stop web/ace?');
    await fx.ui.press('y');
    await fx.see('stop ok');
    expect(fx.calls).toContainEqual(['stop', 'web', 'ace']);
  });

  it('l shows the landing plan, Esc cancels, Enter lands', async () => {
    fx = await townFixture();
    await fx.ui.press('2', 'G');
    await fx.see('3/3');
    await fx.ui.press('l');
    const f = await fx.see('Land web/cat?');
    expect(f).toContain('step one');
    await fx.ui.press(KEY.escape);
    await fx.see('cancelled');
    expect(fx.calls.filter((c) => c[0] === 'land')).toEqual([]);
    await fx.ui.press('l');
    await fx.see('Land web/cat?');
    await fx.ui.press(KEY.enter);
    await fx.see('land ok');
    expect(fx.calls.find((c) => c[0] === 'land')?.slice(0, 3)).toEqual(['land', 'web', 'cat']);
  });

  it('n nudges the selected attention item with a typed message', async () => {
    fx = await townFixture();
    await fx.see('web/bob');
    await fx.ui.press('n');
    await fx.see('Nudge web/bob');
    await fx.ui.press('y', 'e', 's', KEY.enter);
    await fx.see('nudge ok');
    expect(fx.calls).toContainEqual(['nudge', 'web', 'bob', 'yes']);
  });

  it('s on a ready issue picks a preset and spawns', async () => {
    fx = await townFixture();
    await fx.ui.press('6');
    await fx.see('Build the login form');
    await fx.ui.press('s');
    await fx.see('pick an agent preset');
    await fx.ui.press(KEY.enter);
    await fx.see('spawn ok');
    expect(fx.calls).toContainEqual(['spawn', fx.ids.a, 'scripted']);
  });

  it('Enter opens a mail and marks it read; r replies to its sender', async () => {
    fx = await townFixture();
    await fx.ui.press('4');
    await fx.see('Please review the plan');
    await fx.ui.press(KEY.enter);
    await fx.see('Line two');
    expect(fx.calls.some((c) => c[0] === 'markRead')).toBe(true);
    await fx.ui.press(KEY.escape);
    await fx.ui.press('r');
    await fx.see('Reply to mayor');
    await fx.ui.press('o', 'k', KEY.enter);
    await fx.see('sendMail ok');
    const sent = fx.calls.find((c) => c[0] === 'sendMail')![1] as {
      to: string;
      subject: string;
      body: string;
    };
    expect(sent).toMatchObject({ to: 'mayor', subject: 'Re: Please review the plan', body: 'ok' });
  });

  it(': opens the command palette; a CLI operation runs with typed arguments', async () => {
    fx = await townFixture();
    await fx.ui.press(':');
    await fx.see('Commands');
    await fx.ui.press('m', 'q', ' ', 'r', 'e', 't');
    await fx.see('overseer mq retry');
    await fx.ui.press(KEY.enter);
    await fx.see('overseer mq retry:');
    await fx.ui.press('w', 'e', 'b', '-', '1', KEY.enter);
    await fx.see('ran mq retry web-1');
    expect(fx.calls).toContainEqual(['runCli', 'mq', 'retry', 'web-1']);
    await fx.ui.press(KEY.escape);
    await fx.see(/[─═] Attention /);
  });

  it('q quits', async () => {
    fx = await townFixture();
    await fx.see('Attention');
    await fx.ui.press('q');
    expect(fx.calls).toContainEqual(['quit']);
  });
});

describe('keys typed faster than they are read', () => {
  it('a chunk like "/bob" opens the filter and types into it', async () => {
    const f = await townFixture();
    try {
      await f.ui.press('2');
      await f.see('1/3');
      f.ui.stdin.write('/bob');
      await f.see('1/1');
      expect(f.ui.frame()).toContain('bob');
      expect(f.calls).toEqual([]);
    } finally {
      await f.close();
    }
  });
});
