import { describe, expect, it } from 'vitest';
import { attentionItems } from '../../src/daemon/attention.js';
import { MIN, T0, at, issue, mr, polecat } from '../support/decide-data.js';

describe('attentionItems', () => {
  it('lists waiting, stuck, dead, conflicts, failures and open escalations, longest waiting first', () => {
    const items = attentionItems(
      {
        rigs: [
          {
            name: 'web',
            polecats: [
              polecat('a', {
                state: 'waiting',
                state_since: at(-3 * MIN),
                state_reason: 'permission prompt',
              }),
              polecat('b', { state: 'working' }),
              polecat('c', { state: 'dead', state_since: at(-10 * MIN), state_reason: 'session gone' }),
              polecat('d', { state: 'stuck', state_since: at(-1 * MIN) }),
            ],
            issues: new Map(
              [
                mr('web-m1', 'polecat/x', 'web-1', 'conflict', {
                  history: [{ state: 'conflict', at: at(-20 * MIN), reason: 'conflict in a.txt' }],
                }),
                mr('web-m2', 'polecat/y', 'web-2', 'failed'),
                mr('web-m3', 'polecat/z', 'web-3', 'merged'),
              ].map((b) => [b.id, b]),
            ),
          },
        ],
        townBeads: new Map(
          [
            issue('hq-1', {
              issue_type: 'message',
              assignee: 'overseer',
              labels: ['escalation'],
              title: 'polecat web/d is stuck',
              created_at: at(-2 * MIN),
              escalation: { rig: 'web', polecat: 'd', issue: 'web-9', about: 'stuck', reason: 'no activity' },
            } as never),
            issue('hq-2', {
              issue_type: 'message',
              assignee: 'overseer',
              labels: ['escalation'],
              status: 'closed',
            }),
            issue('hq-3', { issue_type: 'message', assignee: 'overseer', title: 'plain mail' }),
          ].map((b) => [b.id, b]),
        ),
      },
      T0,
    );
    expect(items.map((i) => `${i.kind}:${i.subject}`)).toEqual([
      'conflict:web-m1',
      'dead:c',
      'failed:web-m2',
      'waiting:a',
      'escalated:hq-1',
      'stuck:d',
    ]);
    expect(items.find((i) => i.kind === 'escalated')).toMatchObject({
      rig: 'web',
      issue: 'web-9',
      reason: expect.stringContaining('no activity'),
    });
    expect(items[0]).toMatchObject({ issue: 'web-1', reason: 'conflict in a.txt' });
  });
});
