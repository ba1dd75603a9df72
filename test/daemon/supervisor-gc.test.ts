import { describe, expect, it } from 'vitest';
import { decideSupervisor } from '../../src/daemon/decide/supervisor.js';
import { decideGc } from '../../src/daemon/decide/gc.js';
import { gcVerdict } from '../../src/daemon/gc-verdict.js';
import { decideRefinery } from '../../src/daemon/decide/refinery.js';
import { MIN, T0, at, attempt, issue, kinds, mr, polecat, rig, snap } from '../support/decide-data.js';

const child = (id: string, over = {}) =>
  issue(id, {
    dependencies: [{ issue_id: id, depends_on_id: 'web-e', type: 'parent-child', created_at: at(-MIN) }],
    ...over,
  });

type SupRow = {
  name: string;
  polecats?: ReturnType<typeof polecat>[];
  extra?: ReturnType<typeof issue>[];
  manager?: Record<string, unknown>;
  session?: { alive: boolean; activityAgo: number } | null;
  epicClosed?: boolean;
  expect: string[];
};

const supRows: SupRow[] = [
  {
    name: 'a worker is working: leave the manager alone',
    polecats: [polecat('w1', { issue: 'web-c1', state: 'working' })],
    session: { alive: true, activityAgo: 30 * MIN },
    expect: [],
  },
  {
    name: 'an MR is queued: progress',
    polecats: [polecat('w1', { issue: 'web-c1', state: 'done' })],
    extra: [mr('web-m', 'polecat/w1', 'web-c1', 'queued')],
    session: { alive: true, activityAgo: 30 * MIN },
    expect: [],
  },
  {
    name: 'nothing progressing, manager quiet: poke',
    polecats: [polecat('w1', { issue: 'web-c1', state: 'done' })],
    session: { alive: true, activityAgo: 30 * MIN },
    expect: ['poke-manager'],
  },
  { name: 'manager streaming output: skip', session: { alive: true, activityAgo: 30_000 }, expect: [] },
  {
    name: 'poked within the cooldown: skip',
    manager: { last_poke_at: at(-5 * MIN) },
    session: { alive: true, activityAgo: 30 * MIN },
    expect: [],
  },
  {
    name: 'poke cooldown passed: poke',
    manager: { last_poke_at: at(-11 * MIN) },
    session: { alive: true, activityAgo: 30 * MIN },
    expect: ['poke-manager'],
  },
  { name: 'epic closed: nothing', epicClosed: true, session: null, expect: [] },
  {
    name: 'dead manager: respawn with a resume snapshot',
    session: { alive: false, activityAgo: 30 * MIN },
    expect: ['respawn-manager'],
  },
  { name: 'manager session gone: respawn', session: null, expect: ['respawn-manager'] },
  {
    name: 'respawned within the cooldown: wait',
    session: null,
    manager: { last_respawn_at: at(-1 * MIN) },
    expect: [],
  },
  {
    name: 'past the manager sessions cap: ask the overseer',
    session: null,
    manager: { sessions_started: 3 },
    expect: ['escalate'],
  },
  {
    name: 'question already asked: nothing',
    session: null,
    manager: { sessions_started: 3, question_sent_at: at(-MIN) },
    expect: [],
  },
];

describe('decideSupervisor', () => {
  it.each(supRows)('$name', (row) => {
    const s = snap({
      rigs: [
        rig({
          issues: [
            issue('web-e', {
              issue_type: 'epic',
              status: row.epicClosed ? 'closed' : 'open',
              title: 'Big epic',
            }),
            child('web-c1'),
            child('web-c2', { status: 'closed' }),
            ...(row.extra ?? []),
          ],
          polecats: row.polecats ?? [],
        }),
      ],
      mayor: {
        'web-e': {
          epic: 'web-e',
          rig: 'web',
          session: 'ov-mgr-web-e',
          sessions_started: 1,
          ...row.manager,
        } as never,
      },
      sessions: row.session
        ? [{ name: 'ov-mgr-web-e', alive: row.session.alive, activityMs: T0 - row.session.activityAgo }]
        : [],
    });
    expect(kinds(decideSupervisor(s, T0))).toEqual(row.expect);
  });

  it('the poke carries worker states and merge requests', () => {
    const s = snap({
      rigs: [
        rig({
          issues: [
            issue('web-e', { issue_type: 'epic' }),
            child('web-c1'),
            mr('web-m', 'polecat/w1', 'web-c1', 'failed'),
          ],
          polecats: [polecat('w1', { issue: 'web-c1', state: 'waiting' })],
        }),
      ],
      mayor: { 'web-e': { epic: 'web-e', rig: 'web', session: 'mgr', sessions_started: 1 } },
      sessions: [{ name: 'mgr', activityMs: T0 - 60 * MIN }],
    });
    const [a] = decideSupervisor(s, T0);
    expect(a!.kind).toBe('poke-manager');
    const text = (a as { text: string }).text;
    expect(text).toContain('web-c1 [open]');
    expect(text).toContain('w1:waiting');
    expect(text).toContain('web-m polecat/w1 (web-c1): failed');
  });
});

describe('decideGc', () => {
  const base = () => ({
    issues: [
      issue('web-1', { status: 'closed' }),
      issue('web-2'),
      issue('web-3'),
      mr('web-m', 'polecat/c3', 'web-3', 'merged'),
    ],
    polecats: [
      polecat('c1', { issue: 'web-1', state: 'done' }),
      polecat('c2', { issue: 'web-2' }),
      polecat('c3', { issue: 'web-3', state: 'done' }),
    ],
    worktrees: ['c1', 'c2', 'c3'],
  });

  it('at start: checks worktrees of closed or merged issues only', () => {
    const a = decideGc(snap({ rigs: [rig(base())] }), T0);
    expect(a.map((x) => `${x.kind}:${'polecat' in x ? x.polecat : ''}`)).toEqual([
      'gc-pass:',
      'gc-check:c1',
      'gc-check:c3',
    ]);
  });

  it('refuses a worktree a live session still references', () => {
    const a = decideGc(snap({ rigs: [rig(base())], sessions: [{ name: 'ov-web-c1' }] }), T0);
    expect(a[1]).toMatchObject({
      kind: 'gc-refuse',
      polecat: 'c1',
      reason: expect.stringContaining('still running'),
    });
  });

  it('a worktree without polecat state is matched to its merge request by branch', () => {
    const a = decideGc(snap({ rigs: [rig({ ...base(), polecats: [], worktrees: ['c3'] })] }), T0);
    expect(a[1]).toMatchObject({ kind: 'gc-check', polecat: 'c3', issue: 'web-3' });
  });

  it('a worktree without polecat state is refused while the session it would have is alive', () => {
    const a = decideGc(
      snap({
        rigs: [rig({ ...base(), polecats: [], worktrees: ['c3'] })],
        sessions: [{ name: 'ov-web-c3' }],
      }),
      T0,
    );
    expect(a[1]).toMatchObject({
      kind: 'gc-refuse',
      polecat: 'c3',
      reason: expect.stringContaining('ov-web-c3'),
    });
  });

  it.each([
    {
      name: "a reused name does not inherit the old polecat's merged MR",
      issues: [issue('web-9'), mr('web-old', 'polecat/nux', 'web-1', 'merged')],
      polecats: [polecat('nux', { issue: 'web-9', state: 'idle' })],
      expect: [],
    },
    {
      name: "the polecat's own merged MR counts",
      issues: [issue('web-9'), mr('web-new', 'polecat/nux', 'web-9', 'merged')],
      polecats: [polecat('nux', { issue: 'web-9', state: 'done' })],
      expect: ['gc-check:nux'],
    },
    {
      name: 'a polecat still spawning is never a candidate, even on a closed issue',
      issues: [issue('web-9', { status: 'closed' }), mr('web-new', 'polecat/nux', 'web-9', 'merged')],
      polecats: [polecat('nux', { issue: 'web-9', state: 'spawning' })],
      expect: [],
    },
  ])('$name', ({ issues, polecats, expect: want }) => {
    const a = decideGc(snap({ rigs: [rig({ issues, polecats, worktrees: ['nux'] })] }), T0);
    expect(a.slice(1).map((x) => `${x.kind}:${'polecat' in x ? x.polecat : ''}`)).toEqual(want);
  });

  it.each([
    { last: undefined, now: T0, runs: true },
    { last: T0 - 4 * MIN, now: T0, runs: false },
    { last: T0 - 5 * MIN, now: T0, runs: true },
  ])('every 5 minutes (last pass $last)', ({ last, now, runs }) => {
    expect(decideGc(snap({ rigs: [rig(base())], lastGcAt: last }), now).length > 0).toBe(runs);
  });

  it('disabled: nothing', () => {
    expect(decideGc(snap({ rigs: [rig(base())], settings: (s) => void (s.gc.enabled = false) }), T0)).toEqual(
      [],
    );
  });
});

describe('gcVerdict', () => {
  it.each([
    { f: { exists: true, dirty: [], unsafeCommits: [] }, remove: true },
    { f: { exists: false, dirty: [], unsafeCommits: [] }, remove: true },
    { f: { exists: true, dirty: ['?? notes.txt'], unsafeCommits: [] }, remove: false, why: 'uncommitted' },
    {
      f: { exists: true, dirty: [], unsafeCommits: ['abcdef1234567'] },
      remove: false,
      why: 'neither merged nor pushed',
    },
    {
      f: { exists: true, dirty: [], unsafeCommits: [], blockers: ['a rebase is in progress'] },
      remove: false,
      why: 'rebase is in progress',
    },
    {
      f: { exists: true, dirty: [], unsafeCommits: [], error: 'not a git repository' },
      remove: false,
      why: 'retrying',
    },
  ])('$f → remove $remove', ({ f, remove, why }) => {
    const v = gcVerdict(f);
    expect(v.remove).toBe(remove);
    if (why) expect(v.reason).toContain(why);
  });
});

describe('decideRefinery', () => {
  const run = (over = {}) => attempt('web-1', 1, { polecat: 'c1', ...over });
  it.each([
    { name: 'nothing queued: no run', issues: [], attempts: [], verifier: false, expect: [] },
    {
      name: 'queued: run',
      issues: [mr('web-m', 'polecat/c1', 'web-1', 'queued')],
      attempts: [],
      verifier: false,
      expect: ['refinery'],
    },
    {
      name: 'interrupted while testing: run (recovery)',
      issues: [mr('web-m', 'polecat/c1', 'web-1', 'testing')],
      attempts: [],
      verifier: false,
      expect: ['refinery'],
    },
    {
      name: 'verifier configured, change not yet verified: hold',
      issues: [mr('web-m', 'polecat/c1', 'web-1', 'queued')],
      attempts: [run()],
      verifier: true,
      expect: [],
    },
    {
      name: 'verifier configured, verified: run',
      issues: [mr('web-m', 'polecat/c1', 'web-1', 'queued')],
      attempts: [run({ verified: true })],
      verifier: true,
      expect: ['refinery'],
    },
  ])('$name', ({ issues, attempts, verifier, expect: want }) => {
    const s = snap({
      rigs: [rig({ issues, attempts })],
      chains: verifier ? { verifier: { command: ['true'] } } : undefined,
    });
    expect(kinds(decideRefinery(s, T0))).toEqual(want);
  });
});
