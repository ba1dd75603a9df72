import { join } from 'node:path';
import stringWidth from 'string-width';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDemoTown } from '../../src/demo/build-demo.js';
import { createIssue } from '../../src/town/issues.js';
import { tempDir } from '../support/tmp.js';
import { CockpitPane } from '../support/ui/cockpit-pane.js';

/**
 * The built cockpit measures text through its own fast path and loads
 * string-width only for text that needs it (scripts/build-plugins.mjs): titles
 * with emoji, CJK and combining marks must still line up in a real terminal.
 */
describe('cockpit with wide and combining text (tmux)', () => {
  const pane = new CockpitPane();
  afterEach(() => pane.stop());

  it('draws a row holding emoji, CJK and an accent with its border where every other row has it', async () => {
    const demo = await buildDemoTown({ dir: join(tempDir('ov-wide'), 'town'), spawn: false, daemon: false });
    await createIssue(demo.town, 'shop', { title: 'Fix 购物车 total 🚀 for cafe\u0301 users' });
    pane.start(['--town', demo.town.root], { HOME: demo.town.root });
    await pane.waitFor('Attention');
    pane.tmux('send-keys', '-t', 'cockpit', '6');
    const screen = await pane.waitFor('购物车');
    const rows = screen.split('\n');
    const row = rows.find((l) => l.includes('购物车'))!;
    expect(row).toContain('🚀');
    // The row's right border sits in the same column as the row above it.
    const above = rows[rows.indexOf(row) - 1]!;
    const borderCol = (l: string) => stringWidth(l.slice(0, l.lastIndexOf('│')));
    expect(above.lastIndexOf('│')).toBeGreaterThan(0);
    expect(borderCol(row), screen).toBe(borderCol(above));
    await pane.quit();
  });
});
