import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeJsonAtomic } from '../../src/core/json-file.js';
import { TownStore } from '../../src/store/town-store.js';
import { makeTown, sleep, type TestTown, waitForSnapshot } from '../support/store.js';

describe('TownStore: the daemon heartbeat', () => {
  let t: TestTown;
  let store: TownStore;
  beforeEach(async () => {
    t = await makeTown();
  });
  afterEach(async () => {
    await store?.stop();
    t.cleanup();
  });

  const beat = (at: number, extra: Record<string, unknown> = {}) =>
    writeJsonAtomic(t.town.paths.daemonHeartbeat, {
      version: 1,
      pid: 4242,
      state: 'running',
      at: new Date(at).toISOString(),
      ticks: Math.round(at / 5000),
      tick_interval_ms: 5000,
      last_tick_ms: 12,
      ...extra,
    });

  it('takes a routine tick in place (no new snapshot, so no redraw) and shows its time', async () => {
    const t0 = Date.now() - 60_000;
    await beat(t0);
    store = new TownStore(t.town.root).start();
    const s1 = store.getSnapshot();
    expect(s1.heartbeat!.at).toBe(t0);
    let published = 0;
    store.subscribe(() => published++);
    await beat(t0 + 5000, { last_actions: { nudge: 1 } });
    // The same snapshot, reading the newer tick's time once the watcher brought it in.
    for (let i = 0; i < 100 && store.getSnapshot().heartbeat!.at !== t0 + 5000; i++) await sleep(20);
    expect(store.getSnapshot().heartbeat!.at).toBe(t0 + 5000);
    expect(store.getSnapshot().heartbeat!.value.ticks).toBe(Math.round((t0 + 5000) / 5000));
    expect(store.getSnapshot()).toBe(s1);
    expect(published).toBe(0);
  });

  it('publishes a heartbeat that says something new: a stop, an error', async () => {
    const t0 = Date.now();
    await beat(t0);
    store = new TownStore(t.town.root).start();
    const s1 = store.getSnapshot();
    await beat(t0 + 5000, { last_error: 'tmux gone' });
    const s2 = await waitForSnapshot(store, (s) => s.heartbeat?.value.last_error === 'tmux gone');
    expect(s2).not.toBe(s1);
    expect(s2.heartbeat!.at).toBe(t0 + 5000);
    await beat(t0 + 6000, { state: 'stopped' });
    const s3 = await waitForSnapshot(store, (s) => s.heartbeat?.value.state === 'stopped');
    expect(s3.heartbeat!.at).toBe(t0 + 6000);
  });
});
