import { describe, expect, it } from 'vitest';
import { IssueMap } from '../../src/town/issue-map.js';
import { blockedSet, readyWork } from '../../src/town/ready.js';
import type { Bead, DepType } from '../../src/town/schemas/bead.js';

type Spec = {
  id: string;
  status?: Bead['status'];
  type?: Bead['issue_type'];
  p?: number;
  at?: number;
  deps?: [string, DepType][];
};

function town(specs: Spec[]): Map<string, Bead> {
  const m = new Map<string, Bead>();
  for (const s of specs) {
    const at = new Date(Date.UTC(2026, 0, 1, 0, 0, s.at ?? 0)).toISOString();
    m.set(s.id, {
      version: 1,
      id: s.id,
      title: s.id,
      description: '',
      status: s.status ?? 'open',
      priority: s.p ?? 2,
      issue_type: s.type ?? 'task',
      labels: [],
      dependencies: (s.deps ?? []).map(([on, type]) => ({
        issue_id: s.id,
        depends_on_id: on,
        type,
        created_at: at,
      })),
      created_at: at,
      updated_at: at,
    });
  }
  return m;
}

const cases: { name: string; issues: Spec[]; ready: string[] }[] = [
  {
    name: 'no dependencies: priority then age',
    issues: [
      { id: 'w-c', p: 2, at: 1 },
      { id: 'w-a', p: 1, at: 5 },
      { id: 'w-b', p: 2, at: 0 },
    ],
    ready: ['w-a', 'w-b', 'w-c'],
  },
  {
    name: 'open blocker blocks',
    issues: [{ id: 'w-a' }, { id: 'w-b', deps: [['w-a', 'blocks']] }],
    ready: ['w-a'],
  },
  {
    name: 'in-progress blocker still blocks',
    issues: [
      { id: 'w-a', status: 'in_progress' },
      { id: 'w-b', deps: [['w-a', 'blocks']] },
    ],
    ready: [],
  },
  {
    name: 'closed blocker releases',
    issues: [
      { id: 'w-a', status: 'closed' },
      { id: 'w-b', deps: [['w-a', 'blocks']] },
    ],
    ready: ['w-b'],
  },
  {
    name: 'related and discovered-from never block',
    issues: [
      { id: 'w-a', status: 'in_progress' },
      {
        id: 'w-b',
        deps: [
          ['w-a', 'related'],
          ['w-a', 'discovered-from'],
        ],
      },
    ],
    ready: ['w-b'],
  },
  {
    name: 'children of an unblocked epic are ready',
    issues: [
      { id: 'w-e', type: 'epic' },
      { id: 'w-c', deps: [['w-e', 'parent-child']] },
    ],
    ready: ['w-c'],
  },
  {
    name: 'blocked epic blocks its children transitively',
    issues: [
      { id: 'w-g' },
      { id: 'w-e', type: 'epic', deps: [['w-g', 'blocks']] },
      { id: 'w-s', type: 'epic', deps: [['w-e', 'parent-child']] },
      { id: 'w-c', deps: [['w-s', 'parent-child']] },
    ],
    ready: ['w-g'],
  },
  {
    name: 'a missing blocker blocks (it may be a record that failed to load)',
    issues: [
      { id: 'w-a', deps: [['w-gone', 'blocks']] },
      { id: 'w-b', deps: [['w-gone', 'related']] },
    ],
    ready: ['w-b'],
  },
  {
    name: 'mail and merge requests are not work',
    issues: [{ id: 'w-m', type: 'message' }, { id: 'w-r', type: 'merge-request' }, { id: 'w-a' }],
    ready: ['w-a'],
  },
  {
    name: 'a (corrupt) parent cycle terminates',
    issues: [
      { id: 'w-a', deps: [['w-b', 'parent-child']] },
      { id: 'w-b', deps: [['w-a', 'parent-child']] },
    ],
    ready: ['w-a', 'w-b'],
  },
];

describe('readyWork', () => {
  it.each(cases)('$name', ({ issues, ready }) => {
    expect(readyWork(town(issues)).map((b) => b.id)).toEqual(ready);
  });

  it('blockedSet names exactly the blocked issues', () => {
    const m = town(cases[6]!.issues);
    expect([...blockedSet(m)].sort()).toEqual(['w-c', 'w-e', 'w-s']);
  });
});

/** bd's rules beyond blocks/parent-child (docs/beads.md R1-R6), one case each. */
type Rich = Partial<Bead> & { id: string; on?: [string, string, string?][] };
const NOW = Date.parse('2026-06-01T00:00:00Z');
function rich(specs: Rich[], deleted: string[] = [], unreadable: string[] = []): IssueMap {
  const at = '2026-01-01T00:00:00.000Z';
  const mk = ({ id, on, ...more }: Rich): [string, Bead] => [
    id,
    {
      id,
      title: id,
      description: '',
      status: 'open',
      priority: 2,
      issue_type: 'task',
      labels: [],
      dependencies: (on ?? []).map(([to, type, metadata]) => ({
        issue_id: id,
        depends_on_id: to,
        type,
        metadata,
      })),
      created_at: at,
      updated_at: at,
      ...more,
    },
  ];
  return new IssueMap(
    specs.map(mk),
    deleted.map((id) => mk({ id, status: 'tombstone' })),
    unreadable.map((id) => [id, `f:1: ${id} cannot be read`]),
  );
}

const bdCases: { name: string; issues: IssueMap; ready: string[] }[] = [
  {
    name: 'R1: only open (in_progress, blocked, deferred, hooked, pinned, custom are not)',
    issues: rich(
      ['open', 'in_progress', 'blocked', 'deferred', 'hooked', 'pinned', 'review'].map((s) => ({
        id: `w-${s}`,
        status: s,
      })),
    ),
    ready: ['w-open'],
  },
  {
    name: 'R2: machinery types and epics are not work; custom types are',
    issues: rich(
      [
        'merge-request',
        'gate',
        'molecule',
        'message',
        'agent',
        'role',
        'rig',
        'epic',
        'decision',
        'saga',
      ].map((t) => ({ id: `w-${t}`, issue_type: t })),
    ),
    ready: ['w-decision', 'w-saga'],
  },
  {
    name: 'R2: pinned, ephemeral and wisp flags',
    issues: rich([
      { id: 'w-a', pinned: true },
      { id: 'w-b', ephemeral: true },
      { id: 'w-c', wisp: true },
      { id: 'w-d', pinned: false },
    ]),
    ready: ['w-d'],
  },
  {
    name: 'R3: defer_until in the future, on the issue or its parent',
    issues: rich([
      { id: 'w-f', defer_until: '2026-07-01T00:00:00Z' },
      { id: 'w-p', defer_until: '2026-05-01T00:00:00-07:00' },
      { id: 'w-e', issue_type: 'epic', defer_until: '2027-01-01T00:00:00Z' },
      { id: 'w-k', on: [['w-e', 'parent-child']] },
    ]),
    ready: ['w-p'],
  },
  {
    name: 'R4: in_progress, hooked, deferred and custom blockers block; closed and pinned do not',
    issues: rich([
      { id: 'w-1', status: 'in_progress' },
      { id: 'w-2', status: 'hooked' },
      { id: 'w-3', status: 'deferred' },
      { id: 'w-4', status: 'review' },
      { id: 'w-5', status: 'closed' },
      { id: 'w-6', status: 'pinned' },
      ...[1, 2, 3, 4, 5, 6].map((n) => ({ id: `w-d${n}`, on: [[`w-${n}`, 'blocks']] as [string, string][] })),
    ]),
    ready: ['w-d5', 'w-d6'],
  },
  {
    name: 'R4: conditional-blocks waits while its target is active',
    issues: rich([
      { id: 'w-a', status: 'in_progress' },
      { id: 'w-b', status: 'closed', close_reason: 'done' },
      { id: 'w-c', on: [['w-a', 'conditional-blocks']] },
      { id: 'w-d', on: [['w-b', 'conditional-blocks']] },
    ]),
    ready: ['w-d'],
  },
  {
    name: 'R4: waits-for all children (the default) and any-children',
    issues: rich([
      { id: 'w-s' },
      { id: 'w-s.1', on: [['w-s', 'parent-child']] },
      { id: 'w-s.2', status: 'closed', on: [['w-s', 'parent-child']] },
      { id: 'w-all', on: [['w-s', 'waits-for']] },
      { id: 'w-any', on: [['w-s', 'waits-for', '{"gate":"any-children"}']] },
      { id: 'w-n' },
      { id: 'w-none', on: [['w-n', 'waits-for']] },
    ]),
    ready: ['w-any', 'w-n', 'w-none', 'w-s', 'w-s.1'],
  },
  {
    name: 'R4: any-children with every child still open blocks',
    issues: rich([
      { id: 'w-s' },
      { id: 'w-s.1', on: [['w-s', 'parent-child']] },
      { id: 'w-any', on: [['w-s', 'waits-for', '{"gate":"any-children"}']] },
    ]),
    ready: ['w-s', 'w-s.1'],
  },
  {
    name: 'R4: blocking runs down the tree but stops at a closed issue',
    issues: rich([
      { id: 'w-g', status: 'in_progress' },
      { id: 'w-e', on: [['w-g', 'blocks']] },
      { id: 'w-c', status: 'closed', on: [['w-e', 'parent-child']] },
      { id: 'w-gc', on: [['w-c', 'parent-child']] },
      { id: 'w-k', on: [['w-e', 'parent-child']] },
    ]),
    ready: ['w-gc'],
  },
  {
    name: 'R4: a parent cycle with a blocked member blocks the whole cycle',
    issues: rich([
      { id: 'w-x', status: 'in_progress' },
      {
        id: 'w-a',
        on: [
          ['w-b', 'parent-child'],
          ['w-x', 'blocks'],
        ],
      },
      { id: 'w-b', on: [['w-c', 'parent-child']] },
      { id: 'w-c', on: [['w-a', 'parent-child']] },
    ]),
    ready: [],
  },
  {
    name: 'R4: other dependency types never block',
    issues: rich([
      { id: 'w-x', status: 'in_progress' },
      {
        id: 'w-a',
        on: [
          ['w-x', 'related'],
          ['w-x', 'discovered-from'],
          ['w-x', 'tracks'],
          ['w-x', 'blocked-by'],
          ['w-x', 'supersedes'],
        ],
      },
    ]),
    ready: ['w-a'],
  },
  {
    name: 'R4: a deleted blocker or parent is gone',
    issues: rich(
      [
        { id: 'w-a', on: [['w-del', 'blocks']] },
        { id: 'w-b', on: [['w-del', 'parent-child']] },
      ],
      ['w-del'],
    ),
    ready: ['w-a', 'w-b'],
  },
  {
    name: 'R5: missing, external and unreadable blockers, parents and spawners block',
    issues: rich(
      [
        { id: 'w-bad' },
        { id: 'w-1', on: [['w-gone', 'blocks']] },
        { id: 'w-2', on: [['external:pay:refunds', 'blocks']] },
        { id: 'w-3', on: [['w-bad', 'blocks']] },
        { id: 'w-4', on: [['w-gone', 'parent-child']] },
        { id: 'w-5', on: [['w-gone', 'waits-for']] },
        { id: 'w-6', on: [['w-4', 'parent-child']] },
        { id: 'w-ok' },
      ],
      [],
      ['w-bad'],
    ),
    ready: ['w-ok'],
  },
  {
    name: 'R6: priority, then time whatever the offset, then id',
    issues: rich([
      { id: 'w-c', created_at: '2026-01-01T00:00:00Z' },
      { id: 'w-b', created_at: '2025-12-31T20:00:00-05:00' },
      { id: 'w-a', created_at: '2026-01-01T00:00:00.000Z' },
      { id: 'w-z', priority: 0, created_at: '2026-03-01T00:00:00Z' },
    ]),
    ready: ['w-z', 'w-a', 'w-c', 'w-b'],
  },
];

describe('readyWork: bd semantics', () => {
  it.each(bdCases)('$name', ({ issues, ready }) => {
    expect(readyWork(issues, { now: NOW }).map((b) => b.id)).toEqual(ready);
  });
});
