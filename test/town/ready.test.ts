import { describe, expect, it } from 'vitest';
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
    issues: [{ id: 'w-a', deps: [['w-gone', 'blocks']] }, { id: 'w-b', deps: [['w-gone', 'related']] }],
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
