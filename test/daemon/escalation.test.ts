import { describe, expect, it } from 'vitest';
import { decideEscalation } from '../../src/daemon/decide/escalation.js';
import type { Action } from '../../src/daemon/actions.js';
import { MIN, T0, at, attempt, issue, kinds, mr, polecat, rig, snap } from '../support/decide-data.js';

const chains = {
  tiers: { small: { preset: 'aider', model: 'qwen-small' }, big: { preset: 'claude', model: 'sonnet' } },
  chains: { two: ['small', 'big'] },
  default_chain: 'two',
};
const run = (over: Record<string, unknown> = {}) =>
  attempt('web-1', 1, {
    chain: 'two',
    tier: 0,
    tier_name: 'small',
    preset: 'aider',
    model: 'qwen-small',
    polecat: 'cat',
    spawned: true,
    ...over,
  });

type Row = {
  name: string;
  spec: NonNullable<Parameters<typeof rig>[0]>;
  expect: string[];
  check?: (a: Action[]) => void;
};

const rows: Row[] = [
  {
    name: 'running, polecat working: nothing',
    spec: { polecats: [polecat('cat')], attempts: [run()] },
    expect: [],
  },
  {
    name: 'refinery merged: accept',
    spec: {
      polecats: [polecat('cat', { state: 'done' })],
      attempts: [run()],
      issues: [mr('web-m', 'polecat/cat', 'web-1', 'merged')],
    },
    expect: ['end-attempt'],
    check: (a) => expect(a[0]).toMatchObject({ verdict: 'accept', stopSession: false }),
  },
  {
    name: 'tests failed: escalate with the test output tail, next tier spawned with the feedback',
    spec: {
      polecats: [polecat('cat', { state: 'done' })],
      attempts: [run()],
      issues: [
        mr('web-m', 'polecat/cat', 'web-1', 'failed', {
          test_output_tail: 'FAIL add.test.js expected 3 got 4',
        }),
      ],
    },
    expect: ['end-attempt', 'spawn'],
    check: (a) => {
      expect(a[0]).toMatchObject({
        verdict: 'escalate',
        stopSession: true,
        feedback: expect.stringContaining('expected 3 got 4'),
      });
      expect(a[1]).toMatchObject({
        tier: { index: 1, name: 'big', preset: 'claude', model: 'sonnet' },
        attempt: 2,
        chain: 'two',
      });
      expect((a[1] as { feedback: string }).feedback).toContain('expected 3 got 4');
    },
  },
  {
    name: 'crash: error verdict, next tier',
    spec: { polecats: [polecat('cat', { state: 'dead', state_reason: 'exit 1' })], attempts: [run()] },
    expect: ['end-attempt', 'spawn'],
    check: (a) => expect(a[0]).toMatchObject({ verdict: 'error' }),
  },
  {
    name: 'stuck past escalation: error verdict, next tier',
    spec: {
      polecats: [polecat('cat', { state: 'stuck' })],
      attempts: [run()],
      witness: { cat: { nudges: 3, verify_failures: 0, respawns: 0, escalated_at: at(-MIN) } },
    },
    expect: ['end-attempt', 'spawn'],
  },
  {
    name: 'model error past escalation: error verdict, next tier (maybe another model)',
    spec: {
      polecats: [polecat('cat', { state: 'error', state_reason: 'rate limit: "API Error: 429"' })],
      attempts: [run()],
      witness: { cat: { nudges: 0, verify_failures: 0, respawns: 0, escalated_at: at(-MIN) } },
    },
    expect: ['end-attempt', 'spawn'],
    check: (a) =>
      expect(a[0]).toMatchObject({ verdict: 'error', feedback: expect.stringContaining('model error') }),
  },
  {
    name: 'stopping early past escalation: error verdict, next tier',
    spec: {
      polecats: [polecat('cat', { state: 'idle' })],
      attempts: [run()],
      witness: { cat: { nudges: 3, verify_failures: 0, respawns: 0, escalated_at: at(-MIN) } },
    },
    expect: ['end-attempt', 'spawn'],
  },
  {
    name: 'last tier fails: escalate to the overseer with the trail',
    spec: {
      polecats: [polecat('cat2', { state: 'done' })],
      attempts: [
        run({ verdict: 'escalate', feedback: 'tests failed once' }),
        attempt('web-1', 2, {
          chain: 'two',
          tier: 1,
          tier_name: 'big',
          preset: 'claude',
          polecat: 'cat2',
          spawned: true,
        }),
      ],
      issues: [mr('web-m', 'polecat/cat2', 'web-1', 'failed', { test_output_tail: 'still failing' })],
    },
    expect: ['end-attempt', 'escalate'],
    check: (a) => {
      expect(a[1]).toMatchObject({ about: 'exhausted', to: ['overseer'], issue: 'web-1' });
      const body = (a[1] as { body: string }).body;
      expect(body).toContain('attempt 1: tier small');
      expect(body).toContain('attempt 2: tier big');
      expect(body).toContain('still failing');
    },
  },
  {
    name: 'ended escalate but next tier never spawned (crash): spawn it now',
    spec: {
      polecats: [polecat('cat', { state: 'done' })],
      attempts: [run({ verdict: 'escalate', feedback: 'x' })],
    },
    expect: ['spawn'],
  },
  {
    name: 'exhausted and already labelled: nothing',
    spec: {
      issues: [issue('web-1', { labels: ['escalated'] })],
      attempts: [run({ verdict: 'error', tier: 1, tier_name: 'big' })],
    },
    expect: [],
  },
  { name: 'accepted: nothing', spec: { attempts: [run({ verdict: 'accept' })] }, expect: [] },
  {
    name: 'issue closed after an error: nothing',
    spec: { issues: [issue('web-1', { status: 'closed' })], attempts: [run({ verdict: 'error' })] },
    expect: [],
  },
  {
    name: 'write-ahead attempt whose polecat never started: resume the spawn with the same name',
    spec: { attempts: [run({ spawned: false, polecat: 'web1-t0' })] },
    expect: ['spawn'],
    check: (a) =>
      expect(a[0]).toMatchObject({
        resume: { attemptId: 'web-1.a1', polecat: 'web1-t0' },
        tier: { index: 0 },
      }),
  },
  {
    name: 'manual spawn in progress (lease running, no polecat yet): left alone, not resumed',
    spec: { attempts: [run({ spawned: false, spawn_lease_until: at(4 * MIN) })] },
    expect: [],
  },
  {
    name: 'manual spawn in progress (lease running, polecat spawning, no session yet): left alone',
    spec: {
      polecats: [polecat('cat', { state: 'spawning' })],
      attempts: [run({ spawned: false, spawn_lease_until: at(4 * MIN) })],
    },
    expect: [],
  },
  {
    name: 'manual spawn whose lease ran out (its process died): resumed like a daemon crash',
    spec: { attempts: [run({ spawned: false, spawn_lease_until: at(-MIN) })] },
    expect: ['spawn'],
    check: (a) => expect(a[0]).toMatchObject({ resume: { attemptId: 'web-1.a1', polecat: 'cat' } }),
  },
  {
    name: 'spawned polecat removed outside the daemon: error, chain stopped',
    spec: { attempts: [run()] },
    expect: ['end-attempt'],
    check: (a) => expect(a[0]).toMatchObject({ verdict: 'error', stopped: true }),
  },
  {
    name: 'up but not yet marked spawned: mark it',
    spec: { polecats: [polecat('cat')], attempts: [run({ spawned: false })] },
    expect: ['mark-spawned'],
  },
  {
    name: 'pinned chain never escalates',
    spec: { polecats: [polecat('cat', { state: 'dead' })], attempts: [run({ chain: 'pinned' })] },
    expect: ['end-attempt', 'escalate'],
  },
  {
    name: 'polecat with a tier but no attempt record is adopted',
    spec: { polecats: [polecat('cat', { tier: 0, agent: 'aider', model: 'qwen-small' })] },
    expect: ['start-attempt'],
    check: (a) =>
      expect(a[0]).toMatchObject({
        chain: 'two',
        tier: { index: 0, preset: 'aider', model: 'qwen-small' },
        attempt: 1,
      }),
  },
  {
    name: 'polecat without a tier (pinned spawn) is left alone',
    spec: { polecats: [polecat('cat')] },
    expect: [],
  },
];

describe('decideEscalation', () => {
  it.each(rows)('$name', (row) => {
    const issues = row.spec.issues?.some((b) => b.id === 'web-1')
      ? row.spec.issues
      : [issue('web-1'), ...(row.spec.issues ?? [])];
    const s = snap({ rigs: [rig({ ...row.spec, issues })], chains });
    const actions = decideEscalation(s, T0);
    expect(kinds(actions)).toEqual(row.expect);
    row.check?.(actions);
  });

  it('verifier configured: a done polecat with a queued MR is verified first', () => {
    const s = snap({
      rigs: [
        rig({
          issues: [issue('web-1'), mr('web-m', 'polecat/cat', 'web-1', 'queued')],
          polecats: [polecat('cat', { state: 'done' })],
          attempts: [run()],
        }),
      ],
      chains: { ...chains, verifier: { command: ['npm', 'test'] } },
    });
    expect(decideEscalation(s, T0 + MIN)).toMatchObject([{ kind: 'verify', mr: 'web-m', polecat: 'cat' }]);
  });
});

describe('decideEscalation: interrupted spawns', () => {
  it('a polecat left in spawning with no session by a killed daemon is respawned under the same name', () => {
    const s = snap({
      rigs: [
        rig({
          issues: [issue('web-1')],
          polecats: [polecat('cat', { state: 'spawning' })],
          attempts: [run({ spawned: false, feedback_in: 'fb' })],
        }),
      ],
      chains,
    });
    expect(decideEscalation(s, T0)).toMatchObject([
      { kind: 'spawn', resume: { attemptId: 'web-1.a1', polecat: 'cat' }, feedback: 'fb' },
    ]);
  });
  it('a spawning polecat whose session is up is only marked spawned', () => {
    const s = snap({
      rigs: [
        rig({
          issues: [issue('web-1')],
          polecats: [polecat('cat', { state: 'spawning' })],
          attempts: [run({ spawned: false })],
        }),
      ],
      sessions: [{ name: 'ov-web-cat' }],
      chains,
    });
    expect(kinds(decideEscalation(s, T0))).toEqual(['mark-spawned']);
  });
});
