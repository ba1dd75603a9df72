import { describe, expect, it } from 'vitest';
import type { RigView, StoreSnapshot } from '../../src/store/types.js';
import type { Attempt } from '../../src/town/schemas/attempt.js';
import type { Bead } from '../../src/town/schemas/bead.js';
import type { PolecatState } from '../../src/town/schemas/polecat.js';
import {
  selectAttention,
  selectEscalations,
  selectEvents,
  selectHeader,
  selectMail,
  selectMergeQueue,
  selectPolecats,
  selectReady,
  stateSummary,
} from '../../src/ui/selectors/index.js';
import { mergeDetail } from '../../src/ui/panes/merge.js';
import { polecat } from '../support/store.js';
import { polecatsPane } from '../../src/ui/panes/polecats.js';

const T = (min: number) => new Date(Date.parse('2026-01-01T00:00:00Z') + min * 60_000).toISOString();

function bead(id: string, over: Partial<Bead> = {}): Bead {
  return {
    version: 1,
    id,
    title: id,
    description: '',
    status: 'open',
    priority: 2,
    issue_type: 'task',
    labels: [],
    dependencies: [],
    created_at: T(0),
    updated_at: T(0),
    ...over,
  };
}

function snap(
  over: {
    issues?: Bead[];
    polecats?: PolecatState[];
    town?: Bead[];
    attempts?: Record<string, Attempt[]>;
    activity?: [string, number][];
  } = {},
): StoreSnapshot {
  const rig: RigView = {
    name: 'web',
    issues: new Map((over.issues ?? []).map((b) => [b.id, b])),
    polecats: over.polecats ?? [],
    attempts: new Map(Object.entries(over.attempts ?? {})),
  };
  return {
    seq: 1,
    root: '/town',
    loading: false,
    town: { type: 'town', version: 1, name: 'tt', created_at: T(0) },
    townBeads: new Map((over.town ?? []).map((b) => [b.id, b])),
    events: [],
    rigs: [rig],
    paneActivity: new Map(over.activity ?? []),
    errors: [],
  };
}

describe('selectors', () => {
  it.each([
    ['open, unblocked tasks are ready', [bead('web-a')], ['web-a']],
    [
      'closed and in-progress are not',
      [bead('web-a', { status: 'closed' }), bead('web-b', { status: 'in_progress' })],
      [],
    ],
    [
      'epics, mail and merge requests are not',
      [bead('web-e', { issue_type: 'epic' }), bead('web-m', { issue_type: 'message' })],
      [],
    ],
    [
      'a blocks dependency on an open issue blocks',
      [
        bead('web-a'),
        bead('web-b', {
          dependencies: [{ issue_id: 'web-b', depends_on_id: 'web-a', type: 'blocks', created_at: T(0) }],
        }),
      ],
      ['web-a'],
    ],
    [
      'priority first, then age',
      [
        bead('web-a', { priority: 3 }),
        bead('web-b', { priority: 1, created_at: T(5) }),
        bead('web-c', { priority: 1, created_at: T(1) }),
      ],
      ['web-c', 'web-b', 'web-a'],
    ],
  ])('ready: %s', (_name, issues, ids) => {
    expect(selectReady(snap({ issues })).map((r) => r.id)).toEqual(ids);
  });

  it.each([
    ['working polecats need nobody', [polecat('a', { state: 'working' })], []],
    [
      'waiting, stuck and dead do, longest first',
      [
        polecat('a', { state: 'waiting', state_since: T(5) }),
        polecat('b', { state: 'stuck', state_since: T(1) }),
        polecat('c', { state: 'dead', state_since: T(3) }),
      ],
      ['stuck:b', 'dead:c', 'waiting:a'],
    ],
  ])('attention: %s', (_name, polecats, keys) => {
    expect(selectAttention(snap({ polecats })).map((r) => `${r.kind}:${r.subject}`)).toEqual(keys);
  });

  it('attention: conflicted merge requests and escalation mail, with reasons', () => {
    const mr = bead('web-m', {
      issue_type: 'merge-request',
      mr: {
        state: 'conflict',
        rig: 'web',
        branch: 'polecat/a',
        source_issue: 'web-a',
        worker: 'a',
        target: 'main',
        history: [{ state: 'conflict', at: T(2), reason: 'conflict in CONFLICT.txt' }],
      },
    });
    const esc = bead('hq-1', {
      issue_type: 'message',
      assignee: 'overseer',
      labels: ['escalation'],
      title: 'web-a escalated',
      created_at: T(1),
    });
    const rows = selectAttention(snap({ issues: [mr], town: [esc] }));
    expect(rows.map((r) => [r.kind, r.reason])).toEqual([
      ['escalated', 'web-a escalated'],
      ['conflict', 'conflict in CONFLICT.txt'],
    ]);
    expect(rows[1]!.polecat).toBeUndefined();
  });

  it('polecats: issue title joined, pane activity wins when newer, text sanitized', () => {
    const s = snap({
      issues: [bead('web-a', { title: 'Fix \x1b[2Jthe\x07 bug' })],
      polecats: [
        polecat('a', { issue: 'web-a', state_reason: 'says \x1b]0;evil\x07hi', last_activity_at: T(1) }),
      ],
      activity: [['ov-web-a', Date.parse(T(9))]],
    });
    const [row] = selectPolecats(s);
    expect(row!.issueTitle).toBe('Fix the bug');
    expect(row!.reason).toBe('says hi');
    expect(row!.lastActivity).toBe(Date.parse(T(9)));
  });

  it('polecats on an outpost: a HOST column; an unreachable one shows its last state marked stale', () => {
    const s = snap({
      polecats: [
        polecat('a', { outpost: 'gpu-box' }),
        polecat('b', { outpost: 'burst', outpost_stale_since: T(1), state_reason: 'working on it' }),
      ],
    });
    const [a, b] = selectPolecats(s);
    const now = Date.parse(T(61));
    const cols = polecatsPane.controller.columns(now);
    const cell = (id: string, r: typeof a) => cols.find((c) => c.id === id)!.value(r!, 0);
    expect(cell('host', a)).toBe('gpu-box');
    expect(cell('host', b)).toBe('burst?');
    expect(cell('reason', b)).toMatch(/^stale since \S+ \(outpost burst unreachable\): working on it$/);
    expect(cell('reason', a)).not.toMatch(/stale/);
  });

  it('merge queue: testing, queued by priority, conflict, failed, then recent merged', () => {
    const mk = (id: string, state: string, priority = 2, at = 0) =>
      bead(id, {
        issue_type: 'merge-request',
        priority,
        mr: {
          state: state as never,
          rig: 'web',
          branch: `polecat/${id}`,
          source_issue: 'web-a',
          worker: id,
          target: 'main',
          history: [{ state: state as never, at: T(at), reason: state }],
        },
      });
    const rows = selectMergeQueue(
      snap({
        issues: [
          mk('web-1', 'merged', 2, 9),
          mk('web-2', 'queued', 3),
          mk('web-3', 'queued', 1),
          mk('web-4', 'failed'),
          mk('web-5', 'testing'),
        ],
      }),
    );
    expect(rows.map((r) => r.id)).toEqual(['web-5', 'web-3', 'web-2', 'web-4', 'web-1']);
  });

  it('merge detail: every conflicting path and the failed test output, sanitized', () => {
    const paths = Array.from({ length: 12 }, (_, i) => `src/file-${i}.ts`);
    const mr = (id: string, state: string, extra: object) =>
      bead(id, {
        issue_type: 'merge-request',
        mr: {
          state: state as never,
          rig: 'web',
          branch: `polecat/${id}`,
          source_issue: 'web-a',
          worker: id,
          target: 'main',
          history: [{ state: state as never, at: T(0), reason: state }],
          ...extra,
        },
      });
    const s = snap({
      issues: [
        mr('web-1', 'conflict', { conflict_paths: [...paths, 'evil\x1b]0;pwned\x07\x85.ts'] }),
        mr('web-2', 'failed', {
          test_output_tail: 'FAIL test/a.test.ts\n\x1b[31m  expected 1 to be 2\x1b[0m\r\n',
        }),
      ],
    });
    const detail = (id: string) => {
      const row = selectMergeQueue(s).find((r) => r.id === id)!;
      return mergeDetail(row, s, Date.parse(T(1))).lines.join('\n');
    };
    const conflict = detail('web-1');
    expect(conflict).toContain('conflicting paths (13):');
    for (const p of paths) expect(conflict).toContain(`  ${p}`);
    expect(conflict).toContain('  evil.ts');
    expect(conflict).not.toMatch(/[\x1b\x07\x80-\x9f]|pwned/);
    const failed = detail('web-2');
    expect(failed).toContain('test output (tail):\n  FAIL test/a.test.ts\n    expected 1 to be 2');
    expect(failed).not.toMatch(/[\x1b\r]/);
  });

  it('mail: overseer and mayor inboxes only, newest first, unread marked', () => {
    const m = (id: string, to: string, min: number, status: 'open' | 'closed' = 'open') =>
      bead(id, { issue_type: 'message', assignee: to, sender: 'web/witness', created_at: T(min), status });
    const rows = selectMail(
      snap({
        town: [m('hq-1', 'overseer', 1, 'closed'), m('hq-2', 'mayor', 2), m('hq-3', 'web/witness', 3)],
      }),
    );
    expect(rows.map((r) => [r.id, r.unread])).toEqual([
      ['hq-2', true],
      ['hq-1', false],
    ]);
    expect(
      selectHeader(snap({ town: [m('hq-1', 'overseer', 1, 'closed'), m('hq-2', 'mayor', 2)] })).unread,
    ).toBe(1);
  });

  it('escalations: the trail of tiers per issue, last record per attempt wins', () => {
    const at = (n: number, tier: number, verdict: Attempt['verdict'], feedback?: string): Attempt => ({
      version: 1,
      id: `x${n}${verdict}`,
      issue: 'web-a',
      rig: 'web',
      attempt: n,
      tier,
      tier_name: ['cheap', 'mid', 'strong'][tier]!,
      preset: 'scripted',
      started_at: T(n),
      verdict,
      feedback,
    });
    const rows = selectEscalations(
      snap({
        attempts: {
          'web-a': [
            at(1, 0, 'running'),
            at(1, 0, 'escalate', 'tests failed'),
            at(2, 1, 'escalate'),
            at(3, 2, 'running'),
          ],
        },
      }),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.trail).toBe('cheap ✗ → mid ✗ → strong …');
    expect(rows[0]!.steps[0]!.feedback).toBe('tests failed');
    expect(rows[0]!.verdict).toBe('running');
  });

  it('header: counts by state in lifecycle order', () => {
    const h = selectHeader(
      snap({ polecats: [polecat('a'), polecat('b', { state: 'waiting' }), polecat('c')] }),
    );
    expect(h.polecats).toBe(3);
    expect(stateSummary(h.byState)).toBe('2 working · 1 waiting');
  });

  it('events: newest first, capped', () => {
    const s = snap();
    const events = Array.from({ length: 300 }, (_, i) => ({
      version: 1 as const,
      ts: T(i),
      kind: 'k',
      actor: 'a',
      message: `m${i}`,
    }));
    const rows = selectEvents({ ...s, events });
    expect(rows).toHaveLength(200);
    expect(rows[0]!.message).toBe('m299');
  });

  it('memoized on snapshot parts: same input, same rows object', () => {
    const s = snap({ issues: [bead('web-a')] });
    expect(selectReady(s)).toBe(selectReady({ ...s, seq: 2 }));
  });
});

describe('cleanLine', () => {
  it.each([
    ['plain text passes', '  plain title ', 'plain title'],
    ['escape sequences are stripped', 'a\x1b[31mred\x1b[0m b', 'ared b'],
    ['OSC payloads go with the sequence', 'x\x1b]52;c;Zm9v\x07y', 'xy'],
    ['newlines become one space', 'one\n\ntwo', 'one two'],
    ['bidi overrides go', 'ab\u202ecd', 'abcd'],
  ])('%s', async (_n, input, out) => {
    const { cleanLine } = await import('../../src/ui/selectors/clean.js');
    expect(cleanLine(input)).toBe(out);
  });
});
