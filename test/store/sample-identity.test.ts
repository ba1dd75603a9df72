import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeJsonAtomic } from '../../src/core/json-file.js';
import { TownStore } from '../../src/store/town-store.js';
import { writePolecat } from '../../src/town/polecat-state.js';
import { activityChanged } from '../../src/ui/selectors/activity.js';
import { makeTown, polecat, type TestTown, waitForSnapshot } from '../support/store.js';

// The daemon rewrites resources.json every sampling pass; the rest of the rig stays as it was.
describe('TownStore: a new CPU and memory sample', () => {
  let t: TestTown;
  let store: TownStore;
  beforeEach(async () => {
    t = await makeTown();
  });
  afterEach(async () => {
    await store?.stop();
    t.cleanup();
  });

  const sample = (cpu: number) =>
    writeJsonAtomic(t.town.rigPaths('web').resources, {
      version: 1,
      sampled_at: new Date().toISOString(),
      polecats: { ace: { born: new Date().toISOString(), procs: 2, cpu_pct: cpu, rss_bytes: 1e6 } },
    });

  it('shows the new figures and keeps every other part of the rig (no activity for the clock)', async () => {
    const rp = t.town.rigPaths('web');
    await writePolecat(rp, polecat('ace'));
    await sample(1);
    store = new TownStore(t.town.root).start();
    const s1 = await waitForSnapshot(store, (s) => s.rigs[0]?.resources?.polecats['ace']?.cpu_pct === 1);
    expect(s1.rigs[0]!.polecats.map((p) => p.name)).toEqual(['ace']);
    await sample(42);
    const s2 = await waitForSnapshot(store, (s) => s.rigs[0]?.resources?.polecats['ace']?.cpu_pct === 42);
    expect(s2).not.toBe(s1);
    expect(s2.rigs[0]!.polecats).toBe(s1.rigs[0]!.polecats);
    expect(s2.rigs[0]!.attempts).toBe(s1.rigs[0]!.attempts);
    expect(activityChanged(s1, s2)).toBe(false);
    // A state change is activity, and shows.
    await writePolecat(rp, { ...polecat('ace'), state: 'waiting' });
    const s3 = await waitForSnapshot(store, (s) => s.rigs[0]?.polecats[0]?.state === 'waiting');
    expect(s3.rigs[0]!.polecats).not.toBe(s2.rigs[0]!.polecats);
    expect(activityChanged(s2, s3)).toBe(true);
  });
});
