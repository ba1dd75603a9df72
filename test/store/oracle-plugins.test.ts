import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeJsonAtomic } from '../../src/core/json-file.js';
import { addPlugin } from '../../src/plugins/ops.js';
import { TownStore } from '../../src/store/town-store.js';
import { writePolecat } from '../../src/town/polecat-state.js';
import type { OracleFile } from '../../src/town/schemas/oracle.js';
import { selectAttention, selectPolecats } from '../../src/ui/selectors/index.js';
import { makeTown, polecat, type TestTown, waitForSnapshot } from '../support/store.js';

/** The cockpit sees the oracle's report (overlap items) and the plugins (agent rows), live. */
describe('store: merge oracle and plugins', () => {
  let t: TestTown;
  let store: TownStore | undefined;
  beforeEach(async () => {
    t = await makeTown();
  });
  afterEach(async () => {
    await store?.stop();
    store = undefined;
    t.cleanup();
  });

  const report = (cls: 'same-region' | 'different-regions'): OracleFile => ({
    version: 1,
    rig: 'web',
    updated_at: new Date().toISOString(),
    main: { ref: 'refs/remotes/origin/main', sha: 'a'.repeat(40) },
    branches: {},
    pairs: [
      {
        key: 'polecat/nux|polecat/slit',
        a: 'polecat/nux',
        b: 'polecat/slit',
        owners: ['nux', 'slit'],
        class: cls,
        files: [{ path: 'src/cart.ts', class: cls, lines: [10, 30] }],
        later: 'polecat/slit',
        since: '2026-01-01T10:00:00.000Z',
        summary: 'nux and slit both change src/cart.ts lines 10–30\x1b[31m',
      },
    ],
    announced: {},
  });

  it('an overlap in the same region shows as an attention item on the later polecat while both work', async () => {
    const rp = t.town.rigPaths('web');
    await writePolecat(rp, polecat('nux', { issue: 'web-1' }));
    await writePolecat(rp, polecat('slit', { issue: 'web-2' }));
    store = new TownStore(t.town.root).start();
    expect(selectAttention(store.getSnapshot()).filter((a) => a.kind === 'overlap')).toEqual([]);

    await writeJsonAtomic(rp.oracleFile, report('same-region'));
    const s = await waitForSnapshot(store, (x) => x.rigs[0]!.oracle !== undefined);
    const items = selectAttention(s).filter((a) => a.kind === 'overlap');
    expect(items).toEqual([
      expect.objectContaining({
        polecat: 'slit',
        other: 'nux',
        reason: 'nux and slit both change src/cart.ts lines 10–30',
      }),
    ]);

    // Different regions: no item. nux done: no item either.
    await writeJsonAtomic(rp.oracleFile, report('different-regions'));
    const s2 = await waitForSnapshot(
      store,
      (x) => x.rigs[0]!.oracle?.pairs[0]?.class === 'different-regions',
    );
    expect(selectAttention(s2).filter((a) => a.kind === 'overlap')).toEqual([]);
    await writeJsonAtomic(rp.oracleFile, report('same-region'));
    await writePolecat(rp, polecat('nux', { issue: 'web-1', state: 'done' }));
    const s3 = await waitForSnapshot(
      store,
      (x) => x.rigs[0]!.oracle?.pairs[0]?.class === 'same-region' && x.rigs[0]!.polecats[0]!.state === 'done',
    );
    expect(selectAttention(s3).filter((a) => a.kind === 'overlap')).toEqual([]);
  });

  it('a plugin added while the cockpit runs appears as an agent row; a bad oracle file is an error badge', async () => {
    store = new TownStore(t.town.root).start();
    await addPlugin(t.town, { rig: 'web', name: 'merge-oracle', example: 'merge-oracle', agent: 'scripted' });
    const s = await waitForSnapshot(store, (x) => (x.rigs[0]!.plugins ?? []).length === 1);
    const row = selectPolecats(s).find((r) => r.plugin);
    expect(row).toMatchObject({
      name: 'merge-oracle',
      rig: 'web',
      issue: '(plugin)',
      state: 'idle',
      session: 'ovp-web-merge-oracle',
      reason: 'no session: started at its next hook point',
    });
    writeFileSync(t.town.rigPaths('web').oracleFile, '{"version":1,');
    const bad = await waitForSnapshot(store, (x) => x.errors.length > 0);
    expect(bad.errors[0]!.file).toBe(t.town.rigPaths('web').oracleFile);
  });
});
