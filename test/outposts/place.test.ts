import { describe, expect, it } from 'vitest';
import { placementOrder } from '../../src/polecats/outpost/place.js';
import { OutpostsFile } from '../../src/town/schemas/outpost.js';

const file = OutpostsFile.parse({
  version: 1,
  outposts: ['gpu', 'burst', 'spare'].map((name, i) => ({
    name,
    type: 'ssh',
    host: `10.0.0.${i + 1}`,
    dir: '/srv/ov',
    max_workers: 2,
  })),
  policy: { preference: ['local', 'gpu', 'burst'] },
});

const rows: { name: string; localFree: boolean; used: Record<string, number>; expect: string[] }[] = [
  { name: 'local first while it has a slot', localFree: true, used: {}, expect: ['local', 'gpu', 'burst'] },
  { name: 'local full: outposts in preference order', localFree: false, used: {}, expect: ['gpu', 'burst'] },
  { name: 'a full outpost is passed over', localFree: false, used: { gpu: 2 }, expect: ['burst'] },
  {
    name: 'outposts not in the preference get nothing',
    localFree: false,
    used: { gpu: 2, burst: 2 },
    expect: [],
  },
];

describe('placementOrder', () => {
  it.each(rows)('$name', (row) => {
    expect(placementOrder(file, row.localFree, (h) => row.used[h] ?? 0)).toEqual(row.expect);
  });

  it('a preference naming an unknown outpost is a validation error naming it', () => {
    const r = OutpostsFile.safeParse({ version: 1, outposts: [], policy: { preference: ['local', 'gpu'] } });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toMatch(/no outpost named "gpu"/);
  });
});
