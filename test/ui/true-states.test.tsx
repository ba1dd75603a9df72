import { afterEach, describe, expect, it } from 'vitest';
import { startDetached, stopDaemon } from '../../src/daemon/control.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { TownStore } from '../../src/store/town-store.js';
import { createIssue } from '../../src/town/issues.js';
import { readPolecat } from '../../src/town/polecat-state.js';
import { townActions } from '../../src/ui/app/actions.js';
import { App } from '../../src/ui/app/App.js';
import { townStateProbe } from '../../src/ui/app/state-probe.js';
import { daemonTown, type DaemonFixture } from '../daemon/town.js';
import { waitFor } from '../support/town-fixture.js';
import { renderUi, tick, type Rendered } from './harness/helpers.js';

/**
 * The cockpit keeps states true by itself when no daemon runs (through the
 * state probe the entry point gives the store), and marks them stale with
 * since when while a running daemon does not tick. Real town, tmux, agents.
 */
let fx: DaemonFixture | undefined;
let store: TownStore | undefined;
let ui: Rendered | undefined;
let stoppedPid: number | undefined;
afterEach(async () => {
  ui?.unmount();
  await store?.stop();
  if (stoppedPid !== undefined) {
    try {
      process.kill(stoppedPid, 'SIGCONT');
    } catch {
      /* gone */
    }
    if (fx) await stopDaemon(fx.town.paths).catch(() => undefined);
  }
  await fx?.cleanup();
  fx = store = ui = stoppedPid = undefined;
});

describe('cockpit states without a (ticking) daemon', () => {
  it('works a model error out itself with no daemon; marks states stale while the daemon hangs', async () => {
    fx = await daemonTown();
    const f = fx;
    const issue = await createIssue(f.town, 'web', { title: 'Hit the limit', labels: ['rate-limit'] });
    const { polecat } = await spawnPolecat(f.town, { issue: issue.id, tmux: f.tmux });
    store = new TownStore(f.town.root, { stateProbe: townStateProbe(f.town), stateIntervalMs: 300 }).start();
    ui = renderUi(
      <App
        store={store}
        actions={townActions(f.town)}
        cols={140}
        rows={30}
        onQuit={() => {}}
        previewMs={0}
        clockMs={200}
      />,
    );
    const u = ui;
    const see = (text: string | RegExp, ms = 20_000) =>
      waitFor(
        `frame showing ${String(text)}`,
        async () => {
          await tick();
          const frame = u.frame();
          return (typeof text === 'string' ? frame.includes(text) : text.test(frame)) ? frame : undefined;
        },
        ms,
      );

    // No daemon: the cockpit's own refresh finds the error on screen (the attention pane has focus).
    let frame = await see(/error +web\/\w+ .*rate limit: /);
    expect(frame).toContain('daemon off: states from tmux');
    expect(readPolecat(f.town.rigPaths('web'), polecat.name)?.state).toBe('error');

    // A daemon that stops ticking: the header and every polecat reason say since when.
    const pid = await startDetached(f.town.paths);
    await see(/daemon \d+s/);
    process.kill(pid, 'SIGSTOP');
    stoppedPid = pid;
    frame = await see('daemon STALE', 20_000);
    expect(frame).toMatch(/error +web\/\w+ .*stale since \d\d:\d\d:\d\d · rate limit: /);
  });
});
