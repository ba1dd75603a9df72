import { describe, expect, it } from 'vitest';
import { TRIAGE_BY_KIND, triageActions, type TriageTarget } from '../../src/ui/app/triage.js';
import { COMMANDS, findConflicts, DEFAULT_KEYMAP } from '../../src/ui/keys/index.js';
import type { AttentionRow } from '../../src/ui/selectors/attention.js';

const row = (kind: AttentionRow['kind'], polecat?: string): AttentionRow => ({
  key: `${kind}:web/x`,
  kind,
  rig: 'web',
  subject: polecat ?? 'web-m1',
  ...(polecat ? { polecat } : {}),
  reason: 'why',
  since: 0,
});
const mr = (over: Partial<NonNullable<TriageTarget['mr']>> = {}): TriageTarget => ({
  mr: {
    id: 'web-m1',
    rig: 'web',
    state: 'failed',
    branch: 'polecat/ace',
    sourceIssue: 'web-1',
    testOutput: '',
    reason: 'tests failed',
    ...over,
  },
});
const mail = (issue?: string): TriageTarget => ({
  mail: { id: 'hq-1', sender: 'web/witness', title: 't', body: 'b', ...(issue ? { issue } : {}) },
});
const keys = (acts: ReturnType<typeof triageActions>) =>
  acts.map(
    (a) => `${COMMANDS[a.id].keys[0]} ${COMMANDS[a.id].hint}${a.disabled ? ` (off: ${a.disabled})` : ''}`,
  );

describe('triage: the fitting actions of each attention kind', () => {
  it.each([
    ['waiting', row('waiting', 'bob'), {}, ['n nudge', 'a attach', 'x stop']],
    ['stuck', row('stuck', 'bob'), {}, ['n nudge', 'R restart', 'x stop', 'a attach']],
    ['dead', row('dead', 'bob'), {}, ['R restart', 'D remove']],
    [
      'conflict',
      row('conflict'),
      mr({ state: 'conflict', resolveIssue: 'web-9' }),
      ['i issue', 's spawn on it', 'r retry', 'ctrl+x reject'],
    ],
    [
      'conflict without a resolve issue',
      row('conflict'),
      mr({ state: 'conflict' }),
      [
        'i issue (off: no resolve issue recorded)',
        's spawn on it (off: no resolve issue recorded)',
        'r retry',
        'ctrl+x reject',
      ],
    ],
    [
      'failed',
      row('failed'),
      mr({ testOutput: 'FAIL x' }),
      ['t output', 'r retry', 'f respawn w/ feedback', 'ctrl+x reject', 'i issue'],
    ],
    ['escalated', row('escalated'), mail('web-1'), ['e reply', 'p reassign']],
    [
      'escalated about no issue',
      row('escalated'),
      mail(),
      ['e reply', 'p reassign (off: the escalation names no issue)'],
    ],
  ] as const)('%s', (_what, r, t, want) => {
    expect(keys(triageActions(r, t as TriageTarget))).toEqual(want);
  });

  it('every kind has actions, and no triage key clashes with another key where it applies', () => {
    for (const ids of Object.values(TRIAGE_BY_KIND)) expect(ids.length).toBeGreaterThan(1);
    expect(findConflicts(DEFAULT_KEYMAP)).toEqual([]);
  });

  it('a merge request that is gone leaves only what needs nothing of it', () => {
    expect(triageActions(row('failed'), {}).every((a) => a.disabled)).toBe(true);
    expect(triageActions(undefined, {})).toEqual([]);
  });
});
