import { afterEach, describe, expect, it } from 'vitest';
import { writeHeartbeat } from '../../src/daemon/heartbeat.js';
import { TownStore } from '../../src/store/town-store.js';
import type { StoreSnapshot } from '../../src/store/types.js';
import { writeOutpostStatus } from '../../src/town/outposts.js';
import type { OutpostStatus } from '../../src/town/schemas/outpost.js';
import { headerVariants } from '../../src/ui/panes/Header.js';
import { type OutpostRow, outpostSummaries, selectHeader } from '../../src/ui/selectors/header.js';
import { makeTown, type TestTown, waitForSnapshot } from '../support/store.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const iso = (agoMs: number) => new Date(NOW - agoMs).toISOString();

function status(name: string, over: Partial<OutpostStatus> = {}): OutpostStatus {
  return {
    version: 1,
    name,
    reachable: true,
    failures: 0,
    slots_used: 1,
    max_workers: 4,
    latency_ms: 35.4,
    updated_at: iso(0),
    ...over,
  };
}

/** A snapshot whose heartbeat carries these outposts' statuses. */
function snap(outposts: OutpostStatus[]): StoreSnapshot {
  return {
    seq: 1,
    root: '/town',
    loading: false,
    town: { type: 'town', version: 1, name: 'tt', created_at: iso(0) },
    heartbeat: {
      value: { version: 1, pid: 1, started_at: iso(0), at: iso(0), state: 'running', ticks: 1 } as never,
      at: NOW,
      outposts,
    },
    townBeads: new Map(),
    events: [],
    rigs: [],
    paneActivity: new Map(),
    errors: [],
  };
}

describe('outposts in the cockpit header', () => {
  const rows: { name: string; statuses: OutpostStatus[]; full?: string; short?: string }[] = [
    { name: 'no outposts: nothing shown', statuses: [] },
    {
      name: 'reachable: slots used/max and the last round trip',
      statuses: [status('gpu')],
      full: '⇄ gpu 1/4 35ms',
      short: '⇄ 1/1 up',
    },
    {
      name: 'unreachable: STALE with since when, named in the short form',
      statuses: [
        status('gpu', { slots_used: 2 }),
        status('burst', { reachable: false, stale_since: iso(180_000) }),
      ],
      full: '⇄ gpu 2/4 35ms, burst STALE 3m',
      short: '⇄ 1/2 up (burst stale)',
    },
    {
      name: 'a name with escape sequences is drawn clean',
      statuses: [status('g\x1b[31mpu', { latency_ms: undefined })],
      full: '⇄ gpu 1/4',
    },
  ];
  it.each(rows)('$name', ({ statuses, full, short }) => {
    const h = selectHeader(snap(statuses));
    const s = outpostSummaries(h.outposts, NOW);
    if (!full) return expect(s).toBeUndefined();
    expect(s![0]).toBe(full);
    if (short) expect(s![1]).toBe(short);
  });

  it('the widest header variant that fits shows each outpost; narrower ones the count, then none', () => {
    const h = selectHeader(
      snap([status('gpu'), status('burst', { reachable: false, stale_since: iso(60_000) })]),
    );
    const v = headerVariants(h, NOW, '2:Polecats');
    expect(v[0]).toContain('⇄ gpu 1/4 35ms, burst STALE 1m');
    expect(v.some((l) => l.includes('⇄ 1/2 up (burst stale)'))).toBe(true);
    expect(v[v.length - 1]).not.toContain('⇄');
    // Every variant is narrower than or as wide as the one before.
    for (let i = 1; i < v.length; i++) expect(v[i]!.length).toBeLessThanOrEqual(v[i - 1]!.length);
  });

  it('rows keep what the cockpit needs and nothing stale when reachable', () => {
    const h = selectHeader(snap([status('gpu', { stale_since: iso(5000) })]));
    expect(h.outposts).toEqual<OutpostRow[]>([
      { name: 'gpu', reachable: true, used: 1, max: 4, latencyMs: 35 },
    ]);
  });
});

describe('the store reads the outposts status files with each heartbeat', () => {
  let t: TestTown | undefined;
  let store: TownStore | undefined;
  afterEach(async () => {
    await store?.stop();
    t?.cleanup();
    store = t = undefined;
  });

  it('a tick that marks an outpost stale shows in the next snapshot', async () => {
    t = await makeTown();
    const paths = t.town.paths;
    const hb = (ticks: number) =>
      writeHeartbeat(paths, {
        version: 1,
        pid: process.pid,
        started_at: new Date().toISOString(),
        at: new Date().toISOString(),
        state: 'running',
        ticks,
        tick_interval_ms: 1000,
        last_actions: {},
      });
    await writeOutpostStatus(paths, status('gpu'));
    await hb(1);
    store = new TownStore(t.town.root, { debounceMs: 5 }).start();
    const first = await waitForSnapshot(store, (s) => (s.heartbeat?.outposts?.length ?? 0) > 0);
    expect(first.heartbeat!.outposts!.map((o) => [o.name, o.reachable])).toEqual([['gpu', true]]);
    await writeOutpostStatus(
      paths,
      status('gpu', { reachable: false, stale_since: new Date().toISOString() }),
    );
    await hb(2);
    const next = await waitForSnapshot(store, (s) => s.heartbeat?.outposts?.[0]?.reachable === false);
    expect(selectHeader(next).outposts[0]).toMatchObject({ name: 'gpu', reachable: false });
  });
});
