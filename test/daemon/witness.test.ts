import { describe, expect, it } from 'vitest';
import { decideWitness } from '../../src/daemon/decide/witness.js';
import type { Action } from '../../src/daemon/actions.js';
import { MIN, T0, at, issue, kinds, mr, polecat, rig, snap } from '../support/decide-data.js';

const now = T0;
/** Idle by its Stop hook, that long ago. */
const idle = (agoMs: number) =>
  ({ state: 'idle', state_source: 'hook', state_reason: 'hook Stop', state_since: at(-agoMs) }) as const;
const sess = (activityAgoMs: number, alive = true) => [
  { name: 'ov-web-cat', alive, activityMs: now - activityAgoMs },
];

type Row = {
  name: string;
  p?: Parameters<typeof polecat>[1];
  witness?: Record<string, unknown>;
  sessions?: NonNullable<Parameters<typeof snap>[0]>['sessions'];
  issues?: ReturnType<typeof issue>[];
  settings?: NonNullable<Parameters<typeof snap>[0]>['settings'];
  attempts?: NonNullable<Parameters<typeof rig>[0]>['attempts'];
  /** Outposts of the tick (the polecat's `outpost` in `p`). */
  outposts?: { name: string; reachable: boolean; free: number }[];
  expect: string[];
  check?: (a: Action[]) => void;
};

const rows: Row[] = [
  { name: 'working and active: nothing', sessions: sess(1 * MIN), expect: [] },
  {
    name: 'on an outpost that did not answer: its last state is kept, nothing decided',
    p: { outpost: 'gpu' },
    sessions: [],
    outposts: [{ name: 'gpu', reachable: false, free: 0 }],
    expect: [],
  },
  {
    name: 'on a reachable outpost, its session gone: marked dead',
    p: { outpost: 'gpu' },
    sessions: [],
    outposts: [{ name: 'gpu', reachable: true, free: 0 }],
    expect: ['mark-state'],
  },
  {
    name: 'on an outpost, quiet 16m: nudged there like a local one',
    p: { outpost: 'gpu' },
    sessions: sess(16 * MIN),
    outposts: [{ name: 'gpu', reachable: true, free: 0 }],
    expect: ['nudge'],
    check: (a) => expect(a[0]).toMatchObject({ nudge: 1, session: 'ov-web-cat' }),
  },
  {
    name: 'on an outpost, three nudges: escalated, marking stuck',
    p: { outpost: 'gpu' },
    sessions: sess(40 * MIN),
    witness: { nudges: 3, last_nudge_at: at(-6 * MIN) },
    outposts: [{ name: 'gpu', reachable: true, free: 0 }],
    expect: ['escalate'],
    check: (a) => expect(a[0]).toMatchObject({ about: 'stuck', markState: 'stuck' }),
  },
  {
    name: 'on an outpost, idle 3m with the issue open: nudged to continue',
    p: { outpost: 'gpu', ...idle(3 * MIN) },
    sessions: sess(3 * MIN),
    outposts: [{ name: 'gpu', reachable: true, free: 0 }],
    expect: ['nudge'],
    check: (a) => expect(a[0]).toMatchObject({ about: 'idle' }),
  },
  {
    name: 'on an outpost, dead (policy respawn): respawned there like a local one',
    p: { outpost: 'gpu', state: 'dead' },
    sessions: [],
    outposts: [{ name: 'gpu', reachable: true, free: 0 }],
    expect: ['respawn'],
  },
  {
    name: 'on an outpost, asked to cycle: a fresh session there',
    p: { outpost: 'gpu', cycle_requested: true },
    sessions: sess(1 * MIN),
    outposts: [{ name: 'gpu', reachable: true, free: 0 }],
    expect: ['cycle'],
  },
  { name: 'quiet 14m (< stuck_after 15m): nothing', sessions: sess(14 * MIN), expect: [] },
  {
    name: 'quiet 16m: first nudge with the configured text',
    sessions: sess(16 * MIN),
    settings: (s) => void (s.witness.nudge_text = 'hey, status?'),
    expect: ['nudge'],
    check: (a) => expect(a[0]).toMatchObject({ nudge: 1, text: 'hey, status?', session: 'ov-web-cat' }),
  },
  {
    name: 'stuck_after is configurable (2m)',
    sessions: sess(3 * MIN),
    settings: (s) => void (s.witness.stuck_after = 2 * MIN),
    expect: ['nudge'],
  },
  {
    name: 'second nudge waits out the cooldown',
    sessions: sess(20 * MIN),
    witness: { nudges: 1, last_nudge_at: at(-2 * MIN) },
    expect: [],
  },
  {
    name: 'second nudge after the cooldown',
    sessions: sess(30 * MIN),
    witness: { nudges: 1, last_nudge_at: at(-6 * MIN) },
    expect: ['nudge'],
    check: (a) => expect(a[0]).toMatchObject({ nudge: 2 }),
  },
  {
    name: 'output right after a nudge is its echo, not progress',
    sessions: sess(6 * MIN - 5_000),
    witness: { nudges: 1, last_nudge_at: at(-6 * MIN) },
    p: { last_activity_at: at(-40 * MIN) },
    expect: ['nudge'],
  },
  {
    name: 'a screen-derived state change after a nudge (its echo, read late) is not progress',
    sessions: sess(40 * MIN),
    witness: { nudges: 1, last_nudge_at: at(-6 * MIN) },
    p: {
      last_activity_at: at(-40 * MIN),
      state: 'working',
      state_source: 'activity',
      state_since: at(-2 * MIN),
    },
    expect: ['nudge'],
    check: (a) => expect(a[0]).toMatchObject({ nudge: 2 }),
  },
  {
    name: 'a hook reporting work after a nudge is progress: counters reset',
    sessions: sess(40 * MIN),
    witness: { nudges: 1, last_nudge_at: at(-6 * MIN) },
    p: { last_activity_at: at(-40 * MIN), state: 'working', state_source: 'hook', state_since: at(-2 * MIN) },
    expect: ['witness-reset'],
  },
  {
    name: 'three nudges then escalate (after cooldown), marking stuck',
    sessions: sess(40 * MIN),
    witness: { nudges: 3, last_nudge_at: at(-6 * MIN) },
    expect: ['escalate'],
    check: (a) =>
      expect(a[0]).toMatchObject({
        about: 'stuck',
        to: ['mayor', 'overseer'],
        markState: 'stuck',
        issue: 'web-1',
      }),
  },
  {
    name: 'no escalation before the cooldown after the 3rd nudge',
    sessions: sess(40 * MIN),
    witness: { nudges: 3, last_nudge_at: at(-1 * MIN) },
    expect: [],
  },
  {
    name: 'max_nudges is configurable (0 → escalate at once)',
    sessions: sess(40 * MIN),
    settings: (s) => void (s.witness.max_nudges = 0),
    expect: ['escalate'],
  },
  {
    name: 'already escalated: nothing more',
    sessions: sess(90 * MIN),
    p: { state: 'stuck', created_at: at(-100 * MIN) },
    witness: { nudges: 3, last_nudge_at: at(-50 * MIN), escalated_at: at(-40 * MIN) },
    expect: [],
  },
  {
    name: 'activity after a nudge resets the counters',
    sessions: sess(1 * MIN),
    witness: { nudges: 2, last_nudge_at: at(-8 * MIN) },
    expect: ['witness-reset'],
  },
  {
    name: 'stuck polecat active again: reset and back to working',
    sessions: sess(10_000),
    p: { state: 'stuck', created_at: at(-100 * MIN) },
    witness: { nudges: 3, last_nudge_at: at(-50 * MIN), escalated_at: at(-40 * MIN) },
    expect: ['witness-reset', 'mark-state'],
  },
  { name: 'waiting for input: never nudged', sessions: sess(60 * MIN), p: { state: 'waiting' }, expect: [] },
  // ---- error: the agent shows a model error ----
  {
    name: 'model error for 5m: in attention from its state, never nudged',
    sessions: sess(5 * MIN),
    p: {
      state: 'error',
      state_source: 'pattern',
      state_reason: 'rate limit: "API Error: 429"',
      state_since: at(-5 * MIN),
    },
    expect: [],
  },
  {
    name: 'model error past stuck_after: escalated once, state left alone',
    sessions: sess(20 * MIN),
    p: {
      state: 'error',
      state_source: 'pattern',
      state_reason: 'rate limit: "API Error: 429"',
      state_since: at(-20 * MIN),
    },
    expect: ['escalate'],
    check: (a) => {
      expect(a[0]).toMatchObject({ about: 'error', to: ['mayor', 'overseer'], issue: 'web-1' });
      expect(a[0]!.reason).toBe('model error for 20m: rate limit: "API Error: 429"');
      expect(a[0]).not.toHaveProperty('markState');
    },
  },
  {
    name: 'model error, already escalated: nothing more',
    sessions: sess(40 * MIN),
    p: { state: 'error', state_since: at(-40 * MIN) },
    witness: { escalated_at: at(-20 * MIN) },
    expect: [],
  },
  {
    name: 'model error, session exited: left to the state refresh',
    sessions: [{ name: 'ov-web-cat', alive: false, activityMs: now - 40 * MIN }],
    p: { state: 'error', state_since: at(-40 * MIN) },
    expect: [],
  },
  // ---- idle: its turn ended; the issue is not done ----
  {
    name: 'idle 1m (< idle_nudge_after 2m): nothing yet',
    sessions: sess(1 * MIN),
    p: idle(1 * MIN),
    expect: [],
  },
  {
    name: 'idle 3m with the issue open: nudged to continue with the idle text',
    sessions: sess(3 * MIN),
    p: idle(3 * MIN),
    settings: (s) => void (s.witness.idle_nudge_text = 'keep going'),
    expect: ['nudge'],
    check: (a) =>
      expect(a[0]).toMatchObject({
        about: 'idle',
        nudge: 1,
        text: 'keep going',
        reason: 'idle for 3m with web-1 not done (nudge 1 of 3)',
      }),
  },
  {
    name: 'idle_nudge_after is configurable (20s)',
    sessions: sess(30_000),
    p: idle(30_000),
    settings: (s) => void (s.witness.idle_nudge_after = 20_000),
    expect: ['nudge'],
  },
  {
    name: 'idle, issue closed: nothing',
    sessions: sess(10 * MIN),
    p: idle(10 * MIN),
    issues: [issue('web-1', { status: 'closed' })],
    expect: [],
  },
  {
    name: 'idle, its work in the merge queue: nothing',
    sessions: sess(10 * MIN),
    p: idle(10 * MIN),
    issues: [mr('web-m1', 'polecat/cat', 'web-1', 'queued')],
    expect: [],
  },
  {
    name: 'idle, its merge request was rejected: nudged',
    sessions: sess(10 * MIN),
    p: idle(10 * MIN),
    issues: [mr('web-m1', 'polecat/cat', 'web-1', 'rejected')],
    expect: ['nudge'],
  },
  {
    name: 'idle while an operator is attached: not nudged',
    sessions: [{ name: 'ov-web-cat', alive: true, activityMs: now - 10 * MIN, attached: 1 }],
    p: idle(10 * MIN),
    expect: [],
  },
  {
    name: 'idle, session exited: left to the state refresh',
    sessions: [{ name: 'ov-web-cat', alive: false, activityMs: now - 10 * MIN }],
    p: idle(10 * MIN),
    expect: [],
  },
  {
    name: 'idle, nudged 1m ago: wait idle_nudge_after since the nudge',
    sessions: sess(10 * MIN),
    p: idle(10 * MIN),
    witness: { nudges: 1, last_nudge_at: at(-1 * MIN), last_nudge_kind: 'idle' },
    expect: [],
  },
  {
    name: 'idle, nudged 3m ago, only the echo since: nudge 2',
    sessions: sess(3 * MIN - 2_000),
    p: idle(10 * MIN),
    witness: { nudges: 1, last_nudge_at: at(-3 * MIN), last_nudge_kind: 'idle' },
    expect: ['nudge'],
    check: (a) => expect(a[0]).toMatchObject({ nudge: 2, about: 'idle' }),
  },
  {
    name: 'idle nudges count toward the stuck nudges',
    sessions: sess(10 * MIN),
    p: idle(10 * MIN),
    witness: { nudges: 2, last_nudge_at: at(-6 * MIN), last_nudge_kind: 'stuck' },
    expect: ['nudge'],
    check: (a) => expect(a[0]).toMatchObject({ nudge: 3 }),
  },
  {
    name: 'idle after three nudges: escalated like a stuck agent (state left to the agent)',
    sessions: sess(10 * MIN),
    p: idle(10 * MIN),
    witness: { nudges: 3, last_nudge_at: at(-3 * MIN), last_nudge_kind: 'idle' },
    expect: ['escalate'],
    check: (a) => {
      expect(a[0]).toMatchObject({ about: 'idle', to: ['mayor', 'overseer'], issue: 'web-1' });
      expect(a[0]).not.toHaveProperty('markState');
      expect(a[0]!.reason).toBe('idle for 10m with web-1 not done after 3 nudge(s)');
    },
  },
  {
    name: 'idle and escalated: nothing more',
    sessions: sess(30 * MIN),
    p: idle(30 * MIN),
    witness: { nudges: 3, last_nudge_at: at(-20 * MIN), escalated_at: at(-15 * MIN) },
    expect: [],
  },
  {
    name: 'working again after an idle nudge: the counters stay (stopping early again escalates)',
    sessions: sess(30_000),
    p: { state: 'working', state_source: 'hook', state_since: at(-1 * MIN) },
    witness: { nudges: 2, last_nudge_at: at(-3 * MIN), last_nudge_kind: 'idle' },
    expect: [],
  },
  {
    name: 'session gone while working: dead',
    sessions: [],
    expect: ['mark-state'],
    check: (a) => expect(a[0]).toMatchObject({ state: 'dead', reason: expect.stringContaining('is gone') }),
  },
  {
    name: 'pane exited while working: dead with exit status',
    sessions: [{ name: 'ov-web-cat', alive: false, activityMs: now, exitStatus: 3 } as never],
    expect: ['mark-state'],
    check: (a) => expect(a[0]!.reason).toContain('exit status 3'),
  },
  {
    name: 'spawning without session, young: wait',
    sessions: [],
    p: { state: 'spawning', state_since: at(-10_000) },
    expect: [],
  },
  {
    name: 'spawning without session for 2m: dead',
    sessions: [],
    p: { state: 'spawning', state_since: at(-2 * MIN) },
    expect: ['mark-state'],
  },
  { name: 'dead: respawn (policy respawn, 0 of 1)', sessions: [], p: { state: 'dead' }, expect: ['respawn'] },
  {
    name: 'dead, its own request merged: finished, nothing to revive',
    sessions: [],
    p: { state: 'dead' },
    issues: [mr('web-m1', 'polecat/cat', 'web-1', 'merged')],
    expect: [],
  },
  {
    name: 'dead, the merged request on its branch is an earlier polecat of the same name (other issue): respawn',
    sessions: [],
    p: { state: 'dead' },
    issues: [mr('web-m0', 'polecat/cat', 'web-0', 'merged')],
    expect: ['respawn'],
  },
  {
    name: 'done, the merged request on its branch is an earlier polecat (other issue): wait for its own',
    sessions: sess(1 * MIN),
    p: { state: 'done' },
    issues: [mr('web-m0', 'polecat/cat', 'web-0', 'merged'), mr('web-m1', 'polecat/cat', 'web-1', 'queued')],
    expect: [],
  },
  {
    name: 'dead after max respawns: escalate',
    sessions: [],
    p: { state: 'dead' },
    witness: { respawns: 1 },
    expect: ['escalate'],
  },
  {
    name: 'dead with policy escalate: escalate at once',
    sessions: [],
    p: { state: 'dead' },
    settings: (s) => void (s.witness.dead_policy = 'escalate'),
    expect: ['escalate'],
    check: (a) => expect(a[0]).toMatchObject({ about: 'dead' }),
  },
  {
    name: 'dead and escalated: nothing',
    sessions: [],
    p: { state: 'dead' },
    witness: { respawns: 1, escalated_at: at(-1 * MIN) },
    expect: [],
  },
  {
    name: 'dead but on an escalation chain: left to the escalation step',
    sessions: [],
    p: { state: 'dead' },
    attempts: [
      {
        version: 1,
        id: 'web-1.a1',
        issue: 'web-1',
        rig: 'web',
        attempt: 1,
        tier: 0,
        tier_name: 't0',
        preset: 'scripted',
        polecat: 'cat',
        started_at: at(-5 * MIN),
        verdict: 'running',
      },
    ],
    expect: [],
  },
  {
    name: 'done, MR queued: wait for the merge',
    sessions: sess(1 * MIN),
    p: { state: 'done' },
    issues: [mr('web-m1', 'polecat/cat', 'web-1', 'queued')],
    expect: [],
  },
  {
    name: 'done and merged: verify and remove',
    sessions: sess(1 * MIN),
    p: { state: 'done' },
    issues: [mr('web-m1', 'polecat/cat', 'web-1', 'merged')],
    expect: ['cleanup'],
  },
  {
    name: 'done and issue closed (no MR): cleanup',
    sessions: [],
    p: { state: 'done' },
    issues: [issue('web-1', { status: 'closed' })],
    expect: ['cleanup'],
  },
  {
    name: 'verification failed recently: wait the verify cooldown',
    p: { state: 'done' },
    issues: [mr('web-m1', 'polecat/cat', 'web-1', 'merged')],
    witness: { verify_failures: 1, last_verify_at: at(-10_000) },
    expect: [],
  },
  {
    name: 'three failed verifications: escalate',
    p: { state: 'done' },
    issues: [mr('web-m1', 'polecat/cat', 'web-1', 'merged')],
    witness: { verify_failures: 3, last_verify_at: at(-1 * MIN) },
    expect: ['escalate'],
    check: (a) => expect(a[0]).toMatchObject({ about: 'verify' }),
  },
  {
    name: 'cycle requested: fresh session with the handoff note',
    sessions: sess(1 * MIN),
    p: { cycle_requested: true },
    expect: ['cycle'],
  },
];

describe('decideWitness', () => {
  it.each(rows)('$name', (row) => {
    const s = snap({
      rigs: [
        rig({
          issues: [issue('web-1'), ...(row.issues ?? [])],
          polecats: [polecat('cat', row.p)],
          witness: row.witness ? { cat: { nudges: 0, verify_failures: 0, respawns: 0, ...row.witness } } : {},
          attempts: row.attempts,
        }),
      ],
      sessions: row.sessions ?? sess(1 * MIN),
      settings: row.settings,
    });
    const actions = decideWitness({ ...s, outposts: row.outposts }, now);
    expect(kinds(actions)).toEqual(row.expect);
    row.check?.(actions);
    for (const a of actions) expect(a.reason.length).toBeGreaterThan(0);
  });

  it('cycle carries the latest unread handoff mail the polecat sent itself', () => {
    const addr = 'web/polecats/cat';
    const mail = (id: string, created: string, over = {}) =>
      issue(id, {
        issue_type: 'message',
        assignee: addr,
        sender: addr,
        title: `handoff ${id}`,
        description: `note ${id}`,
        created_at: created,
        ...over,
      });
    const s = snap({
      rigs: [rig({ polecats: [polecat('cat', { cycle_requested: true })] })],
      sessions: sess(0),
      townBeads: [
        mail('hq-1', at(-10 * MIN)),
        mail('hq-2', at(-1 * MIN)),
        mail('hq-3', at(0), { status: 'closed' }),
        mail('hq-4', at(0), { sender: 'mayor' }),
      ],
    });
    const [a] = decideWitness(s, now);
    expect(a).toMatchObject({ kind: 'cycle', handoff: { mail: 'hq-2', body: 'note hq-2' } });
  });
});

describe('decideWitness: finished work', () => {
  it('a dead polecat whose issue is closed is not respawned', () => {
    const s = snap({
      rigs: [
        rig({
          issues: [issue('web-1', { status: 'closed' })],
          polecats: [polecat('cat', { state: 'dead' })],
        }),
      ],
    });
    expect(decideWitness(s, now)).toEqual([]);
  });
});
