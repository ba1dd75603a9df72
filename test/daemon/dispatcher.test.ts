import { describe, expect, it } from 'vitest';
import { decideDispatch } from '../../src/daemon/decide/dispatcher.js';
import { MIN, T0, at, attempt, issue, polecat, rig, snap } from '../support/decide-data.js';

const dep = (from: string, to: string, type: 'blocks' | 'parent-child' = 'blocks') => ({
  issue_id: from,
  depends_on_id: to,
  type,
  created_at: at(-MIN),
});

type Row = {
  name: string;
  spec: Parameters<typeof rig>[0];
  chains?: unknown;
  pending?: number;
  outposts?: { name: string; reachable: boolean; free: number }[];
  expect: string[];
};

const four = [
  issue('web-a', { priority: 2 }),
  issue('web-b', { priority: 0 }),
  issue('web-c', { priority: 1 }),
  issue('web-d', { priority: 3 }),
];

const rows: Row[] = [
  { name: 'dispatch off: nothing', spec: { issues: four }, expect: [] },
  {
    name: "bd's ready decisions, milestones and custom types are not dispatched; spikes and stories are",
    spec: {
      config: { dispatch: true, max_workers: 9 },
      issues: ['decision', 'milestone', 'saga', 'spike', 'story'].map((t) =>
        issue(`web-${t}`, { issue_type: t }),
      ),
    },
    expect: ['web-spike', 'web-story'],
  },
  {
    name: 'priority order up to max_workers',
    spec: { config: { dispatch: true, max_workers: 3 }, issues: four },
    expect: ['web-b', 'web-c', 'web-a'],
  },
  {
    name: 'busy workers count against max_workers; done and dead do not',
    spec: {
      config: { dispatch: true, max_workers: 3 },
      issues: four,
      polecats: [
        polecat('p1', { issue: 'web-x', state: 'working' }),
        polecat('p2', { issue: 'web-y', state: 'done' }),
        polecat('p3', { issue: 'web-z', state: 'dead' }),
      ],
    },
    expect: ['web-b', 'web-c'],
  },
  {
    name: 'at capacity: nothing',
    spec: {
      config: { dispatch: true, max_workers: 1 },
      issues: four,
      polecats: [polecat('p1', { issue: 'web-x', state: 'waiting' })],
    },
    expect: [],
  },
  {
    name: 'pending escalation spawns take slots',
    spec: { config: { dispatch: true, max_workers: 2 }, issues: four },
    pending: 1,
    expect: ['web-b'],
  },
  {
    name: 'spawn delay: one per tick',
    spec: {
      config: { dispatch: true, max_workers: 4, worker_spawn_delay: 5 },
      issues: four,
      polecats: [polecat('p1', { issue: 'web-x', created_at: at(-MIN) })],
    },
    expect: ['web-b'],
  },
  {
    name: 'spawn delay not yet passed since the last spawn: nothing',
    spec: {
      config: { dispatch: true, max_workers: 4, worker_spawn_delay: 5 },
      issues: four,
      polecats: [polecat('p1', { issue: 'web-x', created_at: at(-2_000) })],
    },
    expect: [],
  },
  {
    name: 'a recorded attempt counts as a spawn for the delay',
    spec: {
      config: { dispatch: true, worker_spawn_delay: 5 },
      issues: four,
      attempts: [attempt('web-q', 1, { started_at: at(-1_000) })],
    },
    expect: [],
  },
  {
    name: 'skips issues already taken, attempted, assigned, labelled or not open',
    spec: {
      config: { dispatch: true, max_workers: 10 },
      issues: [
        issue('web-a'),
        issue('web-b'),
        issue('web-c', { assignee: 'someone' }),
        issue('web-d', { labels: ['no-dispatch'] }),
        issue('web-e', { status: 'in_progress' }),
        issue('web-f', { labels: ['escalated'] }),
        issue('web-g'),
      ],
      polecats: [polecat('p1', { issue: 'web-a', state: 'done' })],
      attempts: [attempt('web-b', 1, { verdict: 'accept' })],
    },
    expect: ['web-g'],
  },
  {
    name: 'waves: blocked issues wait, unblocked ones go',
    spec: {
      config: { dispatch: true, max_workers: 10 },
      issues: [
        issue('web-1', { status: 'closed' }),
        issue('web-2', { dependencies: [dep('web-2', 'web-1')] }),
        issue('web-3', { dependencies: [dep('web-3', 'web-4')] }),
        issue('web-4'),
        issue('web-5', { issue_type: 'epic' }),
      ],
    },
    expect: ['web-2', 'web-4'],
  },
  {
    name: 'local slots full: free slots on reachable outposts take the overflow',
    spec: {
      config: { dispatch: true, max_workers: 1 },
      issues: four,
      polecats: [polecat('p1', { issue: 'web-x', state: 'working' })],
    },
    outposts: [
      { name: 'gpu', reachable: true, free: 2 },
      { name: 'burst', reachable: false, free: 4 },
    ],
    expect: ['web-b', 'web-c'],
  },
  {
    name: 'polecats on outposts do not count against the rig max_workers',
    spec: {
      config: { dispatch: true, max_workers: 1 },
      issues: four,
      polecats: [polecat('p1', { issue: 'web-x', state: 'working', outpost: 'gpu' })],
    },
    outposts: [{ name: 'gpu', reachable: true, free: 0 }],
    expect: ['web-b'],
  },
  {
    name: 'an unreachable outpost takes nothing',
    spec: {
      config: { dispatch: true, max_workers: 1 },
      issues: four,
      polecats: [polecat('p1', { issue: 'web-x', state: 'working' })],
    },
    outposts: [{ name: 'burst', reachable: false, free: 4 }],
    expect: [],
  },
];

describe('decideDispatch', () => {
  it.each(rows)('$name', (row) => {
    const s = { ...snap({ rigs: [rig(row.spec)], chains: row.chains }), outposts: row.outposts };
    const pending = new Map(row.pending ? [['web', row.pending]] : []);
    const actions = decideDispatch(s, T0, pending);
    expect(actions.map((a) => (a.kind === 'spawn' ? a.issue : a.kind))).toEqual(row.expect);
  });

  it('spawns with the first tier of the issue chain', () => {
    const chains = {
      tiers: { cheap: { preset: 'aider', model: 'small' }, strong: { preset: 'claude', model: 'big' } },
      chains: { c: ['cheap', 'strong'], s: ['strong'] },
      routes: [{ labels: ['hard'], chain: 's' }],
      default_chain: 'c',
    };
    const s = snap({
      rigs: [
        rig({
          config: { dispatch: true },
          issues: [issue('web-1'), issue('web-2', { labels: ['hard'], priority: 3 })],
        }),
      ],
      chains,
    });
    const actions = decideDispatch(s, T0);
    expect(actions).toMatchObject([
      {
        kind: 'spawn',
        issue: 'web-1',
        chain: 'c',
        attempt: 1,
        tier: { index: 0, name: 'cheap', preset: 'aider', model: 'small' },
      },
      { kind: 'spawn', issue: 'web-2', chain: 's', tier: { name: 'strong', preset: 'claude' } },
    ]);
  });

  it('no chain configured: the rig default agent alone', () => {
    const s = snap({
      rigs: [rig({ config: { dispatch: true, default_agent: 'codex' }, issues: [issue('web-1')] })],
    });
    expect(decideDispatch(s, T0)).toMatchObject([{ chain: 'default', tier: { index: 0, preset: 'codex' } }]);
  });

  it('is cheap on 20,000 issues', () => {
    const issues = Array.from({ length: 20_000 }, (_, i) =>
      issue(`web-${i.toString(36)}`, { status: i % 3 ? 'closed' : 'open' }),
    );
    const s = snap({ rigs: [rig({ config: { dispatch: true, max_workers: 5 }, issues })] });
    expect(decideDispatch(s, T0 + 10 * MIN)).toHaveLength(5);
  });
});
