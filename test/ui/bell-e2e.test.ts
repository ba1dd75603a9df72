import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createIssue } from '../../src/town/issues.js';
import { OVERSEER_BIN, ov } from '../support/cli.js';
import { townWithRig } from '../support/town.js';
import { FAST_SETTINGS } from '../support/daemon-town.js';

const rand = () => Math.random().toString(36).slice(2, 8);

describe('the cockpit rings the bell (real tmux pane, real daemon, real agent)', () => {
  const ui = `ov-test-${process.pid}-${rand()}`;
  const agents = `ov-test-${process.pid}-${rand()}`;
  let root = '';
  const tmux = (socket: string, ...args: string[]) =>
    execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const screen = () => tmux(ui, 'capture-pane', '-p', '-t', 'cockpit');
  const bellFlag = () => tmux(ui, 'display-message', '-p', '-t', 'cockpit', '#{window_bell_flag}').trim();
  const until = async (what: string, fn: () => boolean, ms = 40_000) => {
    const end = Date.now() + ms;
    while (!fn()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; screen:\n${screen()}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  };
  afterEach(async () => {
    if (root) await ov(['daemon', 'stop', '--town', root], { env: { OVERSEER_TMUX_SOCKET: agents } });
    for (const s of [ui, agents])
      try {
        tmux(s, 'kill-server');
      } catch {
        /* gone */
      }
  });

  it('an agent that starts waiting for input rings the pane bell and marks its row', async () => {
    const { town } = await townWithRig();
    root = town.root;
    writeFileSync(
      town.paths.configFile('daemon.yaml'),
      stringify({ ...FAST_SETTINGS, refinery: { enabled: false } }),
    );
    const issue = await createIssue(town, 'web', { title: 'Ask before editing', labels: ['ask'] });
    const env = { OVERSEER_TMUX_SOCKET: agents, OVERSEER_SCRIPTED_STEP_MS: '100' };
    tmux(
      ui,
      'new-session',
      '-d',
      '-s',
      'cockpit',
      '-x',
      '100',
      '-y',
      '30',
      '-e',
      `OVERSEER_TMUX_SOCKET=${agents}`,
      process.execPath,
      OVERSEER_BIN,
      '--town',
      root,
      'cockpit',
    );
    await until('the cockpit', () => /Attention/.test(screen()));
    expect(bellFlag()).toBe('0');
    expect((await ov(['daemon', '--detach', '--town', root], { env })).exitCode).toBe(0);
    const spawned = await ov(['spawn', issue.id, '--agent', 'scripted', '--town', root], { env });
    expect(spawned.stderr).toBe('');
    expect(spawned.exitCode).toBe(0);
    await until('the bell', () => bellFlag() === '1');
    // The item that rang is marked in the attention pane.
    await until('the marked row', () => /●waiting/.test(screen()));
    // The operator's key on it acknowledges the mark.
    tmux(ui, 'send-keys', '-t', 'cockpit', 'j');
    await until('the mark to clear', () => /│waiting /.test(screen()) && !/●waiting/.test(screen()));
  });
});
