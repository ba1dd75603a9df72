import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Bead } from '../../src/town/schemas/bead.js';
import { quickBead } from '../../src/town/schemas/bead-quick.js';
import { classifyBeadLine, salvageId, toWire } from '../../src/town/beads-record.js';
import { idPrefix, prefixesToLearn } from '../../src/town/beads-prefix.js';
import { compareIso } from '../../src/core/time.js';

const issue = (more: Record<string, unknown>) => ({ id: 'bd-a1', title: 't', ...more });

describe('classifyBeadLine', () => {
  it.each([
    ['a bare issue', issue({}), 'issue'],
    ['a tagged issue', issue({ _type: 'issue' }), 'issue'],
    ['upper and mixed case ids, children, hyphenated prefixes', issue({ id: 'FlatPilot-k17.2.1' }), 'issue'],
    ['any status and type', issue({ status: 'review', issue_type: 'saga' }), 'issue'],
    [
      'any dependency type, extra fields, external targets',
      issue({
        dependencies: [
          {
            issue_id: 'bd-a1',
            depends_on_id: 'external:p:c',
            type: 'blocked-by',
            metadata: '{}',
            thread_id: 't',
          },
        ],
      }),
      'issue',
    ],
    [
      'numeric and string comment ids',
      issue({
        comments: [
          { id: 7, text: 'a' },
          { id: 'u-1', text: 'b', author: 'x' },
        ],
      }),
      'issue',
    ],
    ['a memory', { _type: 'memory', key: 'k', value: 'v' }, 'other'],
    ['another kind with an id', { _type: 'sprint', id: 'SP-1' }, 'other'],
    ['a _schema header', { _schema: 'beads-jsonl/1', _dolt_branch: 'main' }, 'other'],
    ['not an object', [1, 2], 'invalid'],
    ['no title', { id: 'bd-a1' }, 'invalid'],
    ['a word for a priority', issue({ priority: 'high' }), 'invalid'],
    ['an id with a slash', issue({ id: 'bd-../../x' }), 'invalid'],
    ['an id without a prefix', issue({ id: 'a1b2' }), 'invalid'],
    [
      'a dependency without a target',
      issue({ dependencies: [{ issue_id: 'bd-a1', type: 'blocks' }] }),
      'invalid',
    ],
  ])('%s', (_name, raw, kind) => {
    expect(classifyBeadLine(raw).kind).toBe(kind);
  });

  it('fills bd defaults in place and writes back only what the record had', () => {
    const raw = { id: 'bd-a1', title: 't', created_at: '2026-01-01T00:00:00Z', zeta: 1 };
    const c = classifyBeadLine(raw);
    if (c.kind !== 'issue') throw new Error('not an issue');
    expect(c.bead).toMatchObject({
      status: 'open',
      issue_type: 'task',
      priority: 0,
      labels: [],
      dependencies: [],
      description: '',
    });
    expect(c.bead.updated_at).toBe('2026-01-01T00:00:00Z');
    expect(JSON.stringify(toWire(c.bead))).toBe(
      '{"id":"bd-a1","title":"t","created_at":"2026-01-01T00:00:00Z","zeta":1}',
    );
    const changed = { ...c.bead, labels: ['x'], status: 'closed' };
    expect(toWire(changed)).toMatchObject({ labels: ['x'], status: 'closed' });
    expect('issue_type' in toWire(changed)).toBe(false);
  });

  it('salvages the id of a torn line', () => {
    expect(salvageId('{"_type":"issue","id":"UI-4.1","title":"half')).toBe('UI-4.1');
    expect(salvageId('{"title":"no id here')).toBeUndefined();
  });
});

describe('prefixes', () => {
  it.each([
    ['UI-1', 'UI'],
    ['FlatPilot-k17', 'FlatPilot'],
    ['gt-mol-p5zm', 'gt-mol'],
    ['beads-vscode-1', 'beads-vscode'],
    ['vc-baseline-test', 'vc'],
    ['tdb-cmo.3', 'tdb'],
    ['bd-a3f8e9.1.2', 'bd'],
  ])('%s has prefix %s', (id, p) => {
    expect(idPrefix(id)).toBe(p);
  });

  it('learns the fewest prefixes that claim every id', () => {
    expect(prefixesToLearn(['gt-mol-p5zm', 'gt-5tnmc', 'UI-1', 'web-a1', 'UI-2.1'], ['web'])).toEqual([
      'UI',
      'gt',
    ]);
    expect(prefixesToLearn(['web-app-1a2'], ['web'])).toEqual([]);
  });
});

describe('compareIso', () => {
  it.each([
    ['2026-01-01T00:00:00Z', '2026-01-01T00:00:00.000Z', 0],
    ['2026-01-01T00:00:00.5Z', '2026-01-01T00:00:00Z', 1],
    ['2025-12-31T16:05:20.70823-08:00', '2026-01-01T00:05:20.708Z', 1],
    ['2025-12-31T16:05:20.7082-08:00', '2025-12-31T16:05:20.70823-08:00', -1],
    ['2026-01-01T01:00:00+02:00', '2025-12-31T23:30:00Z', -1],
  ])('%s vs %s', (a, b, want) => {
    expect(Math.sign(compareIso(a, b))).toBe(want);
  });
});

describe('quickBead: a fast yes only where Bead says yes', () => {
  const dir = fileURLToPath(new URL('../fixtures/beads/', import.meta.url));
  const records = readdirSync(dir)
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((r) => r.id !== undefined && (r._type ?? 'issue') === 'issue');
  const odd: unknown[] = [
    null,
    '',
    'x',
    0,
    5,
    -1,
    2.5,
    true,
    [],
    {},
    [1],
    ['a'],
    [{}],
    'a'.repeat(201),
    '2028-02-29T00:00:00Z',
    '2026-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-01-01T24:00:00Z',
    '2026-01-01T00:00Z',
    '2026-01-01 00:00:00Z',
    '2026-01-01T00:00:00+0530',
    '2026-01-01t00:00:00z',
    'UI-1',
    'bd-../x',
    'a1b2',
  ];
  const keys = [
    'id',
    'title',
    'status',
    'priority',
    'issue_type',
    'labels',
    'dependencies',
    'comments',
    'created_at',
    'updated_at',
    'closed_at',
    'defer_until',
    'pinned',
    'version',
    'description',
    'assignee',
  ];

  it('takes the fast path for every fixture record', () => {
    expect(records.length).toBeGreaterThan(60);
    for (const r of records) expect(quickBead(r), String(r.id)).toBe(true);
  });

  it('never says yes where the schema says no (fixture records and mutants)', () => {
    let yes = 0;
    let checked = 0;
    const check = (x: Record<string, unknown>) => {
      checked++;
      if (!quickBead(x)) return;
      yes++;
      expect(Bead.safeParse(x).success, JSON.stringify(x)).toBe(true);
    };
    for (const r of records) {
      check(r);
      for (const k of keys) for (const v of odd) check({ ...r, [k]: v });
      const deps = (r.dependencies ?? []) as Record<string, unknown>[];
      for (const k of ['issue_id', 'depends_on_id', 'type', 'created_at', 'metadata'])
        for (const v of odd) if (deps.length) check({ ...r, dependencies: [{ ...deps[0], [k]: v }] });
      const comments = (r.comments ?? []) as Record<string, unknown>[];
      for (const k of ['id', 'text', 'author', 'created_at'])
        for (const v of odd) if (comments.length) check({ ...r, comments: [{ ...comments[0], [k]: v }] });
    }
    expect(checked).toBeGreaterThan(20_000);
    expect(yes).toBeGreaterThan(records.length);
  });
});
