import { afterEach, describe, expect, it } from 'vitest';
import { startDaemon, stopDaemon } from '../../src/daemon/control.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { createIssue } from '../../src/town/issues.js';
import { readPolecat } from '../../src/town/polecat-state.js';
import { townStateProbe } from '../../src/ui/app/state-probe.js';
import { daemonTown, type DaemonFixture } from '../support/daemon-town.js';
import { local } from '../support/runner.js';
import { liveCockpit, type LiveCockpit } from '../support/ui/live-cockpit.js';

/**
 * The cockpit keeps states true by itself when no daemon runs (through the
 * state probe the entry point gives the store), and marks them stale with
 * since when while a running daemon does not tick. Real town, tmux, agents.
 */
let fx: DaemonFixture | undefined;
let cockpit: LiveCockpit | undefined;
let stoppedPid: number | undefined;
afterEach(async () => {
  await cockpit?.close();
  if (stoppedPid !== undefined) {
    try {
      process.kill(stoppedPid, 'SIGCONT');
    } catch {
      /* gone */
    }
    if (fx) await stopDaemon(local, fx.town.paths).catch(() => undefined);
  }
  await fx?.cleanup();
  fx = cockpit = stoppedPid = undefined;
});

describe('cockpit states without a (ticking) daemon', () => {
  it('works a model error out itself with no daemon; marks states stale while the daemon hangs', async () => {
    fx = await daemonTown();
    const f = fx;
    const issue = await createIssue(f.town, 'web', { title: 'Hit the limit', labels: ['rate-limit'] });
    const { polecat } = await spawnPolecat(f.town, { issue: issue.id, tmux: f.tmux });
    cockpit = liveCockpit(f.town, {
      store: { stateProbe: townStateProbe(f.town, local), stateIntervalMs: 300 },
      cols: 140,
      clockMs: 200,
    });
    const { see } = cockpit;

    // No daemon: the cockpit's own refresh finds the error on screen (the attention pane has focus).
    let frame = await see(/error +web\/\w+ .*rate limit: /);
    expect(frame).toContain('daemon off: states from tmux');
    expect(readPolecat(f.town.rigPaths('web'), polecat.name)?.state).toBe('error');

    // A daemon that stops ticking: the header and every polecat reason say since when.
    const pid = await startDaemon(local, f.town.paths);
    await see(/daemon \d+s/);
    process.kill(pid, 'SIGSTOP');
    stoppedPid = pid;
    frame = await see('daemon STALE');
    expect(frame).toMatch(/error +web\/\w+ .*stale since \d\d:\d\d:\d\d · rate limit: /);
  });
});
