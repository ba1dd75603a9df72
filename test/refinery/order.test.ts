import { describe, expect, it } from 'vitest';
import { orderQueue } from '../../src/refinery/order.js';
import type { MergeRequest } from '../../src/town/merge-requests.js';
import type { OraclePair, OverlapClass } from '../../src/town/schemas/oracle.js';

const mr = (id: string, priority = 2, minute = 0): MergeRequest =>
  ({
    id,
    title: id,
    description: '',
    status: 'open',
    priority,
    issue_type: 'merge-request',
    labels: [],
    dependencies: [],
    created_at: `2026-01-01T10:${String(minute).padStart(2, '0')}:00.000Z`,
    updated_at: '2026-01-01T10:00:00.000Z',
    version: 1,
    mr: {
      state: 'queued',
      rig: 'web',
      branch: `polecat/${id}`,
      source_issue: 'web-1',
      worker: id,
      target: 'main',
      history: [],
    },
  }) as MergeRequest;

const pair = (a: string, b: string, cls: OverlapClass = 'same-region'): OraclePair => ({
  key: `polecat/${a}|polecat/${b}`,
  a: `polecat/${a}`,
  b: `polecat/${b}`,
  owners: [a, b],
  class: cls,
  files: [{ path: 'x.ts', class: cls }],
  later: `polecat/${b}`,
  since: '2026-01-01T10:00:00.000Z',
  summary: `${a} and ${b} both change x.ts`,
});

describe('orderQueue', () => {
  const table: [string, MergeRequest[], OraclePair[], string[], Map<string, string>?][] = [
    ['no overlaps: priority then age', [mr('a', 2, 0), mr('b', 2, 1)], [], ['a', 'b']],
    [
      'disjoint one lands before two overlapping older ones',
      [mr('a', 2, 0), mr('b', 2, 1), mr('c', 2, 2)],
      [pair('a', 'b')],
      ['c', 'a', 'b'],
    ],
    [
      'different regions of one file count as overlapping',
      [mr('a', 2, 0), mr('b', 2, 1), mr('c', 2, 2)],
      [pair('a', 'b', 'different-regions')],
      ['c', 'a', 'b'],
    ],
    [
      'priority still comes first',
      [mr('a', 1, 0), mr('b', 1, 1), mr('c', 2, 2)],
      [pair('a', 'b')],
      ['a', 'b', 'c'],
    ],
    ['disjoint pairs are ignored', [mr('a', 2, 0), mr('b', 2, 1)], [pair('a', 'b', 'disjoint')], ['a', 'b']],
    [
      'overlaps with a landed request no longer hold it back',
      [mr('b', 2, 1), mr('c', 2, 2)],
      [pair('a', 'b')],
      ['b', 'c'],
      new Map([['polecat/a', 'a']]),
    ],
  ];
  it.each(table)('%s', (_n, queued, pairs, expected, landed) => {
    expect(orderQueue({ queued, pairs, landed }).map((p) => p.mr.id)).toEqual(expected);
  });

  it('says why each request is where it is', () => {
    const placed = orderQueue({
      queued: [mr('a', 2, 0), mr('b', 2, 1), mr('c', 2, 2)],
      pairs: [pair('a', 'b')],
    });
    expect(placed.map((p) => [p.mr.id, p.note])).toEqual([
      ['c', 'disjoint from the other queued requests: lands before the 2 that overlap'],
      [
        'a',
        'overlaps b (same-region: a and b both change x.ts); sequenced after the disjoint requests, oldest first',
      ],
      [
        'b',
        'overlaps a (same-region: a and b both change x.ts); sequenced after the disjoint requests, oldest first',
      ],
    ]);
    const next = orderQueue({
      queued: [mr('b', 2, 1)],
      pairs: [pair('a', 'b')],
      landed: new Map([['polecat/a', 'a']]),
    });
    expect(next[0]!.note).toBe(
      'sequenced after a (a and b both change x.ts), which landed first; checked against the new main before testing',
    );
  });
});
