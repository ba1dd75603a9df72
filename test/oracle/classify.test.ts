import { describe, expect, it } from 'vitest';
import { classifyPair, spansTouch } from '../../src/oracle/classify.js';
import { computePairs, pairSummary } from '../../src/oracle/pairs.js';
import type { FileChange, OracleBranch } from '../../src/town/schemas/oracle.js';

const mod = (path: string, ...hunks: [number, number][]): FileChange => ({
  path,
  status: 'modified',
  hunks,
  added: 0,
  removed: 0,
});
const add = (path: string): FileChange => ({ path, status: 'added', hunks: [[0, 0]], added: 3, removed: 0 });
const del = (path: string): FileChange => ({
  path,
  status: 'deleted',
  hunks: [[1, 5]],
  added: 0,
  removed: 5,
});
const ren = (from: string, to: string, ...hunks: [number, number][]): FileChange => ({
  path: to,
  old_path: from,
  status: 'renamed',
  hunks,
  added: 0,
  removed: 0,
});
const bin = (path: string): FileChange => ({
  path,
  status: 'modified',
  binary: true,
  hunks: [],
  added: 0,
  removed: 0,
});

describe('classifyPair', () => {
  const table: [string, FileChange[], FileChange[], string, [number, number]?][] = [
    ['no files in common', [mod('a.ts', [1, 2])], [mod('b.ts', [1, 2])], 'disjoint'],
    ['nothing changed on one side', [], [mod('b.ts', [1, 2])], 'disjoint'],
    ['same lines', [mod('cart.ts', [10, 21])], [mod('cart.ts', [20, 11])], 'same-region', [10, 30]],
    ['identical single line', [mod('x', [1, 1])], [mod('x', [1, 1])], 'same-region', [1, 1]],
    [
      'adjacent lines (git conflicts on these)',
      [mod('x', [5, 1])],
      [mod('x', [6, 1])],
      'same-region',
      [5, 6],
    ],
    ['one untouched line between', [mod('x', [5, 1])], [mod('x', [7, 1])], 'different-regions'],
    ['far apart', [mod('x', [1, 3])], [mod('x', [40, 5])], 'different-regions'],
    ['insertion right after a changed line', [mod('x', [5, 0])], [mod('x', [5, 1])], 'same-region', [5, 5]],
    ['insertion before a changed line', [mod('x', [5, 0])], [mod('x', [6, 2])], 'same-region', [5, 7]],
    ['insertions at the same place', [mod('x', [9, 0])], [mod('x', [9, 0])], 'same-region', [9, 9]],
    ['insertions with a line between', [mod('x', [5, 0])], [mod('x', [6, 0])], 'different-regions'],
    ['insertion one line clear of a change', [mod('x', [5, 0])], [mod('x', [7, 1])], 'different-regions'],
    [
      'second hunk collides',
      [mod('x', [1, 1], [50, 2])],
      [mod('x', [30, 1], [51, 1])],
      'same-region',
      [50, 51],
    ],
    ['delete vs modify', [del('old.ts')], [mod('old.ts', [3, 1])], 'delete-modify'],
    ['modify vs delete', [mod('old.ts', [3, 1])], [del('old.ts')], 'delete-modify'],
    ['both delete', [del('old.ts')], [del('old.ts')], 'different-regions'],
    ['both add the same path', [add('new.ts')], [add('new.ts')], 'same-region'],
    ['rename vs modify of the old path', [ren('a.ts', 'b.ts')], [mod('a.ts', [2, 1])], 'rename'],
    ['rename onto a path the other adds', [ren('a.ts', 'b.ts')], [add('b.ts')], 'rename'],
    ['binary both changed', [bin('logo.png')], [bin('logo.png')], 'same-region'],
    ['mode change vs edit', [mod('run.sh')], [mod('run.sh', [2, 1])], 'different-regions'],
    [
      'worst file wins: different regions plus delete',
      [mod('x', [1, 1]), del('y')],
      [mod('x', [9, 1]), mod('y', [1, 1])],
      'delete-modify',
    ],
  ];
  it.each(table)('%s', (_name, a, b, cls, lines) => {
    const r = classifyPair(a, b);
    expect(r.class).toBe(cls);
    // Symmetric: the order of the two branches does not matter.
    expect(classifyPair(b, a).class).toBe(cls);
    if (lines) expect(r.files.find((f) => f.class === 'same-region')?.lines).toEqual(lines);
    if (cls === 'disjoint') expect(r.files).toEqual([]);
  });

  it('spansTouch: overlap, adjacency, and a separating line', () => {
    expect(spansTouch({ lo: 1, hi: 3 }, { lo: 3, hi: 9 })).toBe(true);
    expect(spansTouch({ lo: 1, hi: 3 }, { lo: 4, hi: 9 })).toBe(true);
    expect(spansTouch({ lo: 1, hi: 3 }, { lo: 5, hi: 9 })).toBe(false);
    expect(spansTouch({ lo: 5.5, hi: 5.5 }, { lo: 6.5, hi: 6.5 })).toBe(false);
  });
});

describe('computePairs', () => {
  const branch = (owner: string, seen: string, files: FileChange[]): OracleBranch => ({
    owner,
    tip: owner.padEnd(40, '0'),
    seen_at: seen,
    files,
  });

  it('lists overlapping pairs only, names the later branch, and keeps `since` while the class holds', () => {
    const branches = {
      'polecat/nux': branch('nux', '2026-01-01T10:00:00.000Z', [mod('src/cart.ts', [10, 21])]),
      'polecat/slit': branch('slit', '2026-01-01T10:05:00.000Z', [mod('src/cart.ts', [25, 6])]),
      'polecat/toast': branch('toast', '2026-01-01T10:06:00.000Z', [mod('README.md', [1, 1])]),
    };
    const first = computePairs(branches, [], '2026-01-01T10:06:00.000Z');
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      key: 'polecat/nux|polecat/slit',
      class: 'same-region',
      later: 'polecat/slit',
      owners: ['nux', 'slit'],
      summary: 'nux and slit both change src/cart.ts lines 10–30',
    });
    const again = computePairs(branches, first, '2026-01-01T11:00:00.000Z');
    expect(again[0]!.since).toBe('2026-01-01T10:06:00.000Z');
    // slit moves its change away: a new class, a new `since`.
    branches['polecat/slit'] = branch('slit', '2026-01-01T11:10:00.000Z', [mod('src/cart.ts', [90, 2])]);
    const moved = computePairs(branches, again, '2026-01-01T11:10:00.000Z');
    expect(moved[0]).toMatchObject({ class: 'different-regions', since: '2026-01-01T11:10:00.000Z' });
    expect(moved[0]!.summary).toBe('nux and slit change different parts of src/cart.ts');
  });

  it('50 branches touching different files: no pairs', () => {
    const branches: Record<string, OracleBranch> = {};
    for (let i = 0; i < 50; i++)
      branches[`polecat/p${i}`] = branch(`p${i}`, '2026-01-01T10:00:00.000Z', [mod(`f${i}.ts`, [1, 1])]);
    expect(computePairs(branches, [], '2026-01-01T10:00:00.000Z')).toEqual([]);
  });

  it('summaries for each class', () => {
    expect(pairSummary('a', 'b', 'delete-modify', [{ path: 'x', class: 'delete-modify' }])).toBe(
      'a and b collide on x: one deletes it, the other changes it',
    );
    expect(
      pairSummary('a', 'b', 'same-region', [
        { path: 'x', class: 'same-region', lines: [4, 4] },
        { path: 'y', class: 'different-regions' },
      ]),
    ).toBe('a and b both change x line 4 (and 1 more file)');
  });
});
