import { describe, expect, it } from 'vitest';
import { decideRunaways } from '../../src/daemon/decide/runaway.js';
import type { DaemonSettings } from '../../src/town/daemon-settings.js';
import type { PolecatResources } from '../../src/town/schemas/resources.js';
import type { PolecatState } from '../../src/town/schemas/polecat.js';
import { MIN, T0, at, polecat, rig, snap } from '../support/decide-data.js';

const NUX = polecat('nux', { issue: 'web-a', state: 'working' });
const MB = 1024 * 1024;

type Row = {
  name: string;
  settings?: Partial<DaemonSettings['resources']>;
  p?: Partial<PolecatState>;
  r: Partial<PolecatResources>;
  expect: RegExp[];
};

const rows: Row[] = [
  { name: 'cool and small: nothing', r: { cpu_pct: 20, rss_bytes: 300 * MB }, expect: [] },
  { name: 'hot, not for long enough', r: { cpu_pct: 180, cpu_high_since: at(-4 * MIN) }, expect: [] },
  {
    name: 'hot for runaway_for: alert naming the CPU and how long',
    r: { cpu_pct: 180, cpu_high_since: at(-5 * MIN) },
    expect: [/runaway: nux \(4 processes\): its processes used 180% CPU \(over 150%\) for 5m/],
  },
  {
    name: 'above the memory limit: alert at once',
    r: { rss_bytes: 9000 * MB },
    expect: [/its processes hold 9000 MB of memory \(over 8192 MB\)/],
  },
  {
    name: 'alerted already: once per polecat',
    r: { rss_bytes: 9000 * MB, runaway_at: at(-MIN) },
    expect: [],
  },
  {
    name: 'a record of an older polecat of the same name',
    r: { rss_bytes: 9000 * MB, born: at(-90 * MIN) },
    expect: [],
  },
  { name: 'not live: nothing', p: { state: 'done' }, r: { rss_bytes: 9000 * MB }, expect: [] },
  { name: 'memory check off (0)', settings: { runaway_rss_mb: 0 }, r: { rss_bytes: 9000 * MB }, expect: [] },
  { name: 'resources off', settings: { enabled: false }, r: { rss_bytes: 9000 * MB }, expect: [] },
];

describe('decideRunaways', () => {
  for (const row of rows)
    it(row.name, () => {
      const p = { ...NUX, ...row.p };
      const r = rig({ polecats: [p] });
      r.resources = {
        version: 1,
        sampled_at: at(0),
        polecats: {
          nux: { born: p.created_at, procs: 4, cpu_pct: 0, rss_bytes: 0, history: [], ...row.r },
        },
      };
      const s = snap({ rigs: [r], settings: (x) => Object.assign(x.resources, row.settings) });
      const out = decideRunaways(s, T0);
      expect(out).toHaveLength(row.expect.length);
      out.forEach((a, i) => expect(a.reason).toMatch(row.expect[i]!));
    });
});
