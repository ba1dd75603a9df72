import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDemoTown } from '../../src/demo/build-demo.js';
import { createIssue } from '../../src/town/issues.js';
import { OVERSEER_BIN } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const waitGone = async (done: () => boolean) => {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((r) => setTimeout(r, 50));
};

/**
 * The built cockpit measures text through its own fast path and loads
 * string-width only for text that needs it (scripts/build.mjs): titles with
 * emoji, CJK and combining marks must still line up in a real terminal.
 */
describe('cockpit with wide and combining text (tmux)', () => {
  const socket = `ov-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const tmux = (...args: string[]) =>
    execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  let panePid = 0;
  afterEach(async () => {
    try {
      tmux('kill-server');
    } catch {
      /* already gone */
    }
    // The shell and the cockpit in it end on the hang-up; wait, so the town's directory goes after them.
    for (let i = 0; i < 50 && panePid && alive(panePid); i++) await new Promise((r) => setTimeout(r, 50));
  });

  it('draws a row holding emoji, CJK and an accent with its border where every other row has it', async () => {
    const demo = await buildDemoTown({ dir: join(tempDir('ov-wide'), 'town'), spawn: false, daemon: false });
    const title = 'Fix 购物车 total 🚀 for cafe\u0301 users';
    await createIssue(demo.town, 'shop', { title });
    tmux('new-session', '-d', '-s', 'cockpit', '-x', '100', '-y', '30', '-e', `HOME=${demo.town.root}`);
    panePid = Number(tmux('display-message', '-p', '-t', 'cockpit', '#{pane_pid}').trim());
    tmux('send-keys', '-t', 'cockpit', '-l', `${process.execPath} ${OVERSEER_BIN} --town ${demo.town.root}`);
    tmux('send-keys', '-t', 'cockpit', 'Enter');
    let screen = '';
    const end = Date.now() + 20_000;
    while (!screen.includes('购物车') && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      tmux('send-keys', '-t', 'cockpit', '6');
      screen = tmux('capture-pane', '-p', '-t', 'cockpit');
    }
    const rows = screen.split('\n');
    const row = rows.find((l) => l.includes('购物车'));
    expect(row, screen).toBeDefined();
    expect(row).toContain('🚀');
    // The row's right border sits in the same column as the row above it.
    const above = rows[rows.indexOf(row!) - 1]!;
    const borderCol = (l: string) => stringWidth(l.slice(0, l.lastIndexOf('│')));
    expect(above.lastIndexOf('│')).toBeGreaterThan(0);
    expect(borderCol(row!), screen).toBe(borderCol(above));
    tmux('send-keys', '-t', 'cockpit', 'q');
    await waitGone(
      () => tmux('list-panes', '-t', 'cockpit', '-F', '#{pane_current_command}').trim() !== 'node',
    );
  });
});
