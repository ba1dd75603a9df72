import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OVERSEER_BIN, ov } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';
import { CockpitPane } from '../support/ui/cockpit-pane.js';

/**
 * The real cockpit in a real tmux pane on a demo town: keys go in with
 * send-keys, the screen comes out with capture-pane. Two tmux servers on
 * throwaway sockets: one holds the cockpit's terminal, the other the demo's
 * polecat sessions (OVERSEER_TMUX_SOCKET).
 */

const rand = () => Math.random().toString(36).slice(2, 8);

describe('cockpit end to end (tmux)', () => {
  let uiSocket: string;
  let agentSocket: string;
  let dir: string;

  const tmux = (socket: string, ...args: string[]) =>
    execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const screen = () => {
    try {
      return tmux(uiSocket, 'capture-pane', '-p', '-t', 'cockpit');
    } catch {
      return '';
    }
  };
  const waitFor = async (what: string | RegExp, ms = 30_000): Promise<string> => {
    const end = Date.now() + ms;
    for (;;) {
      const s = screen();
      if (typeof what === 'string' ? s.includes(what) : what.test(s)) return s;
      if (Date.now() > end) throw new Error(`screen never showed ${String(what)}; screen:\n${s}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  /** One key per send-keys, a beat apart: as typed. */
  const keys = async (...ks: string[]) => {
    for (const k of ks) {
      tmux(uiSocket, 'send-keys', '-t', 'cockpit', k);
      await new Promise((r) => setTimeout(r, 150));
    }
  };
  const type = async (text: string) => {
    for (const ch of text) {
      tmux(uiSocket, 'send-keys', '-t', 'cockpit', '-l', ch);
      await new Promise((r) => setTimeout(r, 40));
    }
  };

  beforeEach(() => {
    uiSocket = `ov-test-${process.pid}-${rand()}`;
    agentSocket = `ov-test-${process.pid}-${rand()}`;
    dir = join(tempDir('ov-e2e'), 'town');
  });
  afterEach(() => {
    for (const s of [uiSocket, agentSocket]) {
      try {
        tmux(s, 'kill-server');
      } catch {
        /* already gone */
      }
    }
  });

  it('spawns, nudges, lands from the keyboard; shows a corrupted file as a badge; follows resizes', async () => {
    tmux(
      uiSocket,
      'new-session',
      '-d',
      '-s',
      'cockpit',
      '-x',
      '80',
      '-y',
      '24',
      '-e',
      `OVERSEER_TMUX_SOCKET=${agentSocket}`,
      '-e',
      'OVERSEER_TOWN=',
      process.execPath,
      OVERSEER_BIN,
      'demo',
      dir,
      '--open',
      '--no-daemon',
      '--step-ms',
      '150',
      ';',
      'set-option',
      '-t',
      'cockpit',
      'remain-on-exit',
      'on',
    );
    await waitFor(/demo · .*6 polecats/);
    // Alternate screen: the shell's scrollback is not drawn over.
    expect(tmux(uiSocket, 'display-message', '-p', '-t', 'cockpit', '#{alternate_on}').trim()).toBe('1');

    // --- nudge: the `ask` agent waits at its prompt; a typed `y` answers it ---
    await keys('2');
    await waitFor(/[─═] Polecats /);
    await keys('/');
    await type('currency');
    await keys('Enter');
    await waitFor(/Polecats 1\/1/);
    await waitFor('Do you want to proceed? (y/n)');
    await keys('n');
    await waitFor('Nudge shop/');
    await type('y');
    await keys('Enter');
    await waitFor(/nudged shop\/\w+: delivered/);
    await waitFor(/shop-\w+ +\S+ +done/);
    await keys('Escape');
    await waitFor(/Polecats \d\/6/);

    // --- land: the `succeed` agent's branch merges onto main ---
    await keys('/');
    await type('cart total');
    await keys('Enter');
    await waitFor(/Polecats 1\/1/);
    await waitFor(/shop-\w+ +\S+ +done/);
    await keys('l');
    await waitFor(/Land shop\/\w+/);
    const plan = screen();
    expect(plan).toContain('run tests: node test.js');
    await keys('y');
    await waitFor(/landed shop\/\w+/, 60_000);
    const log = execFileSync(
      'git',
      ['--git-dir', join(dir, '.runtime/demo-origin/shop.git'), 'log', '--format=%s', 'main'],
      {
        encoding: 'utf8',
      },
    );
    expect(log).toContain('Add a cart total with tax');
    await keys('Escape');

    // --- spawn: pick a ready issue and a preset; the new polecat appears ---
    await keys('6');
    await waitFor(/[─═] Ready issues /);
    await keys('s');
    await waitFor('pick an agent preset');
    await keys('Enter');
    await waitFor(/spawned shop\/\w+ \(scripted\)/, 60_000);
    await keys('2');
    await waitFor(/Polecats \d\/7/);

    // --- a corrupted state file: a badge names it; the rest keeps updating ---
    const polecatsDir = join(dir, 'shop', '.runtime', 'polecats');
    const victim = execFileSync('ls', [polecatsDir], { encoding: 'utf8' }).split('\n').filter(Boolean)[0]!;
    writeFileSync(join(polecatsDir, victim), '{ not json');
    await waitFor(victim);
    expect(screen()).toMatch(/error/);
    const created = await ov(
      ['--town', dir, 'issue', 'create', 'shop', '--title', 'Filed while the badge shows'],
      {
        env: { OVERSEER_TMUX_SOCKET: agentSocket },
      },
    );
    expect(created.exitCode).toBe(0);
    await keys('6');
    await waitFor('Filed while the badge shows');

    // --- attach inside tmux: the agent's session opens in a pane beside the cockpit ---
    await keys('2');
    await waitFor(/[─═] Polecats /);
    await keys('G'); // the last polecat: the first one's state file is the corrupted one
    await keys('a');
    const panes = async () =>
      tmux(uiSocket, 'list-panes', '-t', 'cockpit', '-F', '#{pane_id}').trim().split('\n');
    const end0 = Date.now() + 15_000;
    while ((await panes()).length < 2 && Date.now() < end0) await new Promise((r) => setTimeout(r, 100));
    const opened = await panes();
    expect(opened, screen()).toHaveLength(2);
    tmux(uiSocket, 'kill-pane', '-t', opened[1]!);

    // --- resize: a wide terminal shows several panes side by side ---
    tmux(uiSocket, 'resize-window', '-t', 'cockpit', '-x', '200', '-y', '50');
    const wide = await waitFor(/Attention.*Polecats|Polecats.*Attention/s);
    for (const t of ['Merge queue', 'Mail', 'Preview']) expect(wide).toContain(t);

    // --- q quits, leaving the alternate screen ---
    await keys('q');
    // tmux may report the pane dead a moment before it has reaped the exit status.
    const dead = () =>
      tmux(
        uiSocket,
        'display-message',
        '-p',
        '-t',
        'cockpit',
        '#{pane_dead}:#{pane_dead_status}/#{pane_dead_signal}',
      ).trim();
    const end = Date.now() + 10_000;
    while (Date.now() < end && !/^1:\d/.test(dead())) {
      // tmux 3.3a can miss a child's exit until another child of the server exits
      // (see src/runtime/tmux.ts listSessions): a no-op child makes it reap.
      if (dead() === '1:/') tmux(uiSocket, 'run-shell', 'true');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(dead(), tmux(uiSocket, 'capture-pane', '-p', '-J', '-S', '-50', '-t', 'cockpit')).toBe('1:0/');
    expect(existsSync(join(dir, 'mayor', 'town.json'))).toBe(true);
  }, 240_000);

  it('themes: --theme picks one; a bad theme file is named before the screen is taken', async () => {
    const town = join(tempDir('ov-theme'), 'town');
    expect((await ov(['install', town])).exitCode).toBe(0);
    mkdirSync(join(town, 'config', 'themes'), { recursive: true });
    writeFileSync(
      join(town, 'config', 'themes', 'broken.json'),
      JSON.stringify({ name: 'broken', tokens: { 'status.working': { fg: 'not-a-colour' } } }),
    );
    const pane = new CockpitPane();
    try {
      // A second session keeps the server up between the two runs: a server whose last
      // session was just killed is still exiting when the next new-session connects.
      pane.tmux('new-session', '-d', '-s', 'keep', 'sleep', '600');
      pane.start(['--town', town, '--theme', 'broken'], { OVERSEER_TOWN: '' });
      await pane.waitFor('status.working');
      const bad = pane.tmux('capture-pane', '-p', '-J', '-S', '-100', '-t', 'cockpit');
      expect(bad).toContain(`overseer: ${join(town, 'config', 'themes', 'broken.json')}`);
      expect(bad).not.toMatch(/\n\s+at /);
      pane.tmux('kill-session', '-t', 'cockpit');
      pane.start(['--town', town, '--theme', 'light'], { OVERSEER_TOWN: '' });
      await pane.waitFor(/[─═] Attention /);
      await pane.quit();
    } finally {
      await pane.stop();
    }
  });

  it('without a terminal it exits 1 with one line, not a stack trace', async () => {
    const r = await ov(['--town', tempDir('ov-notty'), 'cockpit']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      'overseer: the cockpit needs a terminal (TTY); use `overseer status` for a text summary',
    ]);
  });
});
