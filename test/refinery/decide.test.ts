import { describe, expect, it } from 'vitest';
import { type RefineryView, killedRunOutcome, nextRefineryActions } from '../../src/refinery/decide.js';
import type { Bead, MrState } from '../../src/town/schemas/bead.js';

const T0 = '2025-01-01T00:00:00.000Z';

function issue(id: string, status: Bead['status'] = 'open'): Bead {
  return {
    version: 1,
    id,
    title: id,
    description: '',
    status,
    priority: 2,
    issue_type: 'task',
    labels: [],
    dependencies: [],
    created_at: T0,
    updated_at: T0,
  };
}

function mr(
  id: string,
  state: MrState,
  opts: { priority?: number; at?: string; blockedBy?: string; resolve?: string } = {},
): Bead {
  return {
    ...issue(id),
    issue_type: 'merge-request',
    priority: opts.priority ?? 2,
    created_at: opts.at ?? T0,
    dependencies: opts.blockedBy
      ? [{ issue_id: id, depends_on_id: opts.blockedBy, type: 'blocks', created_at: T0 }]
      : [],
    mr: {
      state,
      rig: 'web',
      branch: `polecat/${id}`,
      source_issue: 'web-src',
      worker: 'nux',
      target: 'main',
      history: [],
      resolve_issue: opts.resolve,
    },
  };
}

const view = (beads: Bead[], extra: Partial<RefineryView> = {}): RefineryView => ({
  rig: 'web',
  beads: new Map(beads.map((b) => [b.id, b])),
  runnerAlive: false,
  ...extra,
});

const current = { mr: 'web-a', step: 'test', started_at: T0, pid: 4242 };
const state = { version: 1 as const, rig: 'web', updated_at: T0, current };

describe('nextRefineryActions', () => {
  const cases: [string, RefineryView, string[]][] = [
    ['empty queue: nothing', view([]), []],
    ['one queued: process it', view([mr('web-a', 'queued')]), ['process web-a']],
    [
      'priority before age',
      view([
        mr('web-a', 'queued', { priority: 2 }),
        mr('web-b', 'queued', { priority: 1, at: '2025-01-02T00:00:00.000Z' }),
      ]),
      ['process web-b'],
    ],
    [
      'same priority: oldest first',
      view([mr('web-a', 'queued', { at: '2025-01-03T00:00:00.000Z' }), mr('web-b', 'queued')]),
      ['process web-b'],
    ],
    [
      'blocked by an open resolve issue: skipped',
      view([
        issue('web-r'),
        mr('web-a', 'queued', { blockedBy: 'web-r' }),
        mr('web-b', 'queued', { at: '2025-01-05T00:00:00.000Z' }),
      ]),
      ['process web-b'],
    ],
    [
      'merged, failed and rejected are not processed',
      view([mr('web-a', 'merged'), mr('web-b', 'failed'), mr('web-c', 'rejected')]),
      [],
    ],
    [
      'a live refinery is busy: wait',
      view([mr('web-a', 'testing'), mr('web-b', 'queued')], { state, runnerAlive: true }),
      ['wait'],
    ],
    [
      'a dead refinery: recover its request first',
      view([mr('web-a', 'testing'), mr('web-b', 'queued')], { state, runnerAlive: false }),
      ['recover web-a', 'process web-b'],
    ],
    ['testing without any record: recover', view([mr('web-a', 'testing')]), ['recover web-a']],
    [
      'conflict whose resolve issue was closed: requeue',
      view([issue('web-r', 'closed'), mr('web-a', 'conflict', { resolve: 'web-r', blockedBy: 'web-r' })]),
      ['requeue web-a', 'process web-a'],
    ],
    [
      'conflict whose resolve issue is open: leave it',
      view([issue('web-r'), mr('web-a', 'conflict', { resolve: 'web-r', blockedBy: 'web-r' })]),
      [],
    ],
  ];
  it.each(cases)('%s', (_name, v, expected) => {
    expect(nextRefineryActions(v).map((a) => (a.kind === 'wait' ? 'wait' : `${a.kind} ${a.mr}`))).toEqual(
      expected,
    );
  });
});

describe('killedRunOutcome', () => {
  const killedBefore = (n: number) => {
    const b = mr('web-k', 'testing');
    for (let i = 0; i < n; i++)
      b.mr!.history.push({
        at: T0,
        state: 'queued',
        reason: `test run killed by SIGKILL; requeued (${i + 1} of 3)`,
      });
    return b as Parameters<typeof killedRunOutcome>[0];
  };
  const cases: [string, Parameters<typeof killedRunOutcome>[1], number, string | undefined][] = [
    ['exit 1: a real failure stands', { exitCode: 1, timedOut: false }, 0, undefined],
    ['timed out: the refinery’s own verdict stands', { signal: 'SIGTERM', timedOut: true }, 0, undefined],
    ['SIGSEGV: the tests crashed, a failure', { signal: 'SIGSEGV', timedOut: false }, 0, undefined],
    ['exit 139 (the shell saw SIGSEGV): a failure', { exitCode: 139, timedOut: false }, 0, undefined],
    [
      'SIGKILL: requeued, 1 of 3',
      { signal: 'SIGKILL', timedOut: false },
      0,
      'queued: test run killed by SIGKILL; requeued (1 of 3)',
    ],
    [
      'exit 137 (the shell saw SIGKILL): requeued',
      { exitCode: 137, timedOut: false },
      1,
      'queued: test run killed by SIGKILL; requeued (2 of 3)',
    ],
    [
      'exit 143 (SIGTERM): requeued',
      { exitCode: 143, timedOut: false },
      0,
      'queued: test run killed by SIGTERM; requeued (1 of 3)',
    ],
    [
      'the third kill: failed for good',
      { signal: 'SIGKILL', timedOut: false },
      2,
      'failed: test run killed by SIGKILL 3 times; giving up',
    ],
  ];
  it.each(cases)('%s', (_name, run, before, expected) => {
    const o = killedRunOutcome(killedBefore(before), run);
    expect(o ? `${o.state}: ${o.reason}` : undefined).toBe(expected);
  });
});
