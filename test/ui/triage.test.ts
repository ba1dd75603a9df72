import { describe, expect, it } from 'vitest';
import { attentionPane } from '../../src/ui/panes/attention.js';
import { bindActions } from '../../src/ui/panes/controller.js';
import { TRIAGE_BY_KIND } from '../../src/ui/panes/triage.js';
import { COMMANDS, DEFAULT_KEYMAP, findConflicts } from '../../src/ui/keys/index.js';
import type { AttentionRow } from '../../src/ui/selectors/attention.js';

const row = (kind: AttentionRow['kind'], over: Partial<AttentionRow> = {}): AttentionRow => ({
  key: `${kind}:web/x`,
  kind,
  rig: 'web',
  subject: 'web-m1',
  reason: 'why',
  since: 0,
  ...over,
});
const polecat = (kind: AttentionRow['kind']) => row(kind, { subject: 'bob', polecat: 'bob' });

/** The keys the attention pane offers for an item (what the footer shows), "key hint". */
function offered(r: AttentionRow): string[] {
  const target = attentionPane.controller.target?.(r);
  return bindActions(attentionPane.controller.actions, r, target)
    .filter((a) => a.run)
    .map((a) => `${COMMANDS[a.command].keys[0]} ${COMMANDS[a.command].hint}`);
}

describe('triage: the fitting actions of each attention kind, as the pane offers them', () => {
  it.each([
    ['waiting', polecat('waiting'), ['y approve', 'd deny', 'o option N', 'n nudge', 'a attach', 'x stop']],
    ['model error', polecat('error'), ['n nudge', 'a attach', 'R restart', 'x stop']],
    ['stuck', polecat('stuck'), ['n nudge', 'a attach', 'R restart', 'x stop']],
    ['dead', polecat('dead'), ['R restart', 'D remove']],
    [
      'conflict',
      row('conflict', { resolveIssue: 'web-9' }),
      ['i issue', 's spawn on it', 'r retry', 'ctrl+x reject'],
    ],
    ['conflict without a resolve issue', row('conflict'), ['r retry', 'ctrl+x reject']],
    [
      'failed',
      row('failed', { issue: 'web-1' }),
      ['t output', 'i issue', 'r retry', 'f respawn w/ feedback', 'ctrl+x reject'],
    ],
    ['escalated', row('escalated', { subject: 'hq-1', issue: 'web-1' }), ['e reply', 'p reassign']],
    ['escalated about no issue', row('escalated', { subject: 'hq-1' }), ['e reply']],
  ] as const)('%s', (_what, r, want) => {
    expect(offered(r)).toEqual([...want, 'enter detail']);
  });

  it('says why an action is off for an item', () => {
    const bound = bindActions(attentionPane.controller.actions, row('conflict'), undefined);
    expect(bound.find((a) => a.command === 'triage.spawn')?.why).toBe('no resolve issue recorded');
    expect(bound.find((a) => a.command === 'triage.feedback')?.why).toBe('not for conflict items');
  });

  it('every kind has actions, and no key clashes with another where both apply', () => {
    for (const ids of Object.values(TRIAGE_BY_KIND)) expect(ids.length).toBeGreaterThan(1);
    expect(findConflicts(DEFAULT_KEYMAP)).toEqual([]);
  });
});
