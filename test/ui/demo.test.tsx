import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { buildKeymap, loadTheme } from '../../src/ui/index.js';
import { DemoCockpit, fakeData } from '../support/ui/DemoCockpit.js';
import { KEY, renderUi } from '../support/ui/render.js';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import { render } from 'ink';

const THEMES = join(import.meta.dirname, '../../themes');

describe('demo cockpit at 80x24', () => {
  it('fits 80x24, switches panes, filters, confirms a stop, shows help and palette', async () => {
    let quit = 0;
    const app = renderUi(<DemoCockpit data={fakeData()} cols={80} rows={24} onQuit={() => quit++} />);
    const check = () => {
      const ls = app.frame().split('\n');
      expect(ls.length).toBeLessThanOrEqual(24);
      for (const l of ls) expect(stringWidth(l)).toBeLessThanOrEqual(80);
    };
    check();
    expect(app.frame()).toContain('Polecats 1/40');
    expect(app.frame()).toContain('agent output line 29');
    expect(app.frame()).toMatch(/n nudge .*x stop/);

    await app.press('j', 'j');
    expect(app.frame()).toContain('Polecats 3/40');

    await app.press('x');
    expect(app.frame()).toContain('Stop polecat-2?');
    check();
    await app.press('y');
    expect(app.frame()).toContain('stopped polecat-2');

    await app.press(KEY.tab);
    expect(app.frame()).toContain('Attention 1/3');
    await app.press(KEY.shiftTab, '4');
    expect(app.frame()).toContain('Mail 1/5');
    expect(app.frame()).toContain('r reply');

    await app.press('1', '/', '1', '2');
    expect(app.frame()).toContain('Polecats 1/1');
    expect(app.frame()).toContain('/12');
    await app.press(KEY.enter, KEY.escape);
    expect(app.frame()).toContain('Polecats 1/40');

    await app.press('?');
    expect(app.frame()).toContain('Stop the selected polecat');
    check();
    await app.press(KEY.escape, ':');
    expect(app.frame()).toContain('Commands');
    await app.press('quit', KEY.enter);
    expect(app.frame()).toContain('ran app.quit');
    expect(quit).toBe(0);
    await app.press('q');
    expect(quit).toBe(1);
    app.unmount();
  });

  it('uses the overridden keys and works with every shipped theme (monochrome is the default in these tests)', async () => {
    for (const name of ['dark', 'light', 'high-contrast', 'solarized']) {
      const theme = loadTheme(name, { themesDir: THEMES, env: {} });
      const app = renderUi(<DemoCockpit data={fakeData(5)} cols={80} rows={24} />, {
        theme,
        keymap: buildKeymap({ 'action.stop': ['X'] }),
      });
      expect(app.frame()).toContain('X stop');
      await app.press('x');
      expect(app.frame()).not.toContain('Stop polecat-0?');
      await app.press('X');
      expect(app.frame()).toContain('Stop polecat-0?');
      app.unmount();
    }
  });

  it('is wide-aware: 160 columns show all panes side by side', () => {
    // ink-testing-library's stdout is 100 columns; use a 160-column one.
    const frames: string[] = [];
    const stdout = Object.assign(new EventEmitter(), {
      columns: 160,
      rows: 48,
      write: (f: string) => frames.push(f),
    });
    const inst = render(<DemoCockpit data={fakeData(5)} cols={160} rows={48} />, {
      stdout: stdout as never,
      debug: true,
      patchConsole: false,
    });
    const ls = frames.at(-1)!.split('\n');
    expect(ls).toHaveLength(48);
    for (const l of ls) expect(stringWidth(l)).toBeLessThanOrEqual(160);
    for (const t of ['Polecats', 'Attention', 'Merge queue', 'Mail', 'Escalations', 'Ready', 'Preview'])
      expect(frames.at(-1)).toMatch(new RegExp(`[─═] ${t}`));
    expect(ls[3]).toMatch(/^║polecat-0 .*║│mail-0 .*││agent output line 1 +│$/);
    inst.unmount();
  });
});
