import { afterEach, describe, expect, it } from 'vitest';
import { Daemon } from '../../src/daemon/loop.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { Tmux, type CaptureOptions } from '../../src/runtime/tmux.js';
import { createIssue } from '../../src/town/issues.js';
import { readPolecats } from '../../src/town/polecat-state.js';
import { waitFor } from '../support/town-fixture.js';
import { FAST_SETTINGS, daemonTown, type DaemonFixture } from '../support/daemon-town.js';
import { local } from '../support/runner.js';

let fx: DaemonFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

/** The real tmux adapter, counting the calls a tick makes. */
class CountingTmux extends Tmux {
  lists = 0;
  captures: string[] = [];
  override async listSessions() {
    this.lists++;
    return super.listSessions();
  }
  override async capturePane(name: string, opts?: CaptureOptions) {
    this.captures.push(name);
    return super.capturePane(name, opts);
  }
}

// An agent that shows it is busy, then waits for a line and asks a question.
const AGENTS = `version: 1
presets:
  asker:
    command: [sh, -c, 'echo "esc to interrupt"; read line; echo "Do you want to proceed? (y/n)"; exec sleep 600', '{prompt_file}']
    state: { busy: ['esc to interrupt'], waiting: ['Do you want to proceed\\? \\(y/n\\)'], tail_lines: 4 }
`;

describe('per-tick state refresh', () => {
  it('one list-sessions per tick, no capture-pane for quiet panes, a capture only where output changed', async () => {
    fx = await daemonTown({
      agents: AGENTS,
      settings: { witness: { ...FAST_SETTINGS.witness, stuck_after: '10m' } },
    });
    const f = fx;
    const paths = f.town.rigPaths('web');
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      const issue = await createIssue(f.town, 'web', { title: `Ask ${i}` });
      names.push(
        (await spawnPolecat(f.town, { issue: issue.id, agent: 'asker', tmux: f.tmux })).polecat.name,
      );
    }
    const tmux = new CountingTmux({ socket: f.socket, runner: local });
    const daemon = new Daemon(f.town, local, tmux);
    const states = () => new Map(readPolecats(paths).polecats.map((p) => [p.name, p.state]));
    await waitFor('all three working', async () => {
      await daemon.tick();
      return [...states().values()].every((s) => s === 'working') || undefined;
    });
    // Let the panes' last output fall into an earlier second than their last read.
    await new Promise((r) => setTimeout(r, 1100));
    await daemon.tick();

    tmux.lists = 0;
    tmux.captures = [];
    for (let i = 0; i < 4; i++) await daemon.tick();
    expect(tmux.lists).toBe(4);
    expect(tmux.captures).toEqual([]);

    // Output in one pane: only that pane is read again, and its new state is seen.
    const session = readPolecats(paths).polecats.find((p) => p.name === names[1])!.session;
    await f.tmux.sendLiteral(session, 'go');
    await f.tmux.sendEnter(session);
    await waitFor('the question on screen', async () =>
      (await f.tmux.capturePane(session)).includes('Do you want to proceed') ? true : undefined,
    );
    tmux.lists = 0;
    tmux.captures = [];
    await daemon.tick();
    expect(tmux.lists).toBe(1);
    expect(tmux.captures).toEqual([session]);
    expect(states()).toEqual(
      new Map([
        [names[0]!, 'working'],
        [names[1]!, 'waiting'],
        [names[2]!, 'working'],
      ]),
    );
  });
});
