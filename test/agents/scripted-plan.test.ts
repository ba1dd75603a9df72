import { describe, expect, it } from 'vitest';
import { chooseBehaviour, parsePrompt, planSteps } from '../../src/agents/scripted/plan.js';
import { buildPrompt } from '../../src/polecats/prompt.js';
import type { Bead } from '../../src/town/schemas/bead.js';

const issue: Bead = {
  version: 1,
  id: 'web-a1b2',
  title: 'Fix \x1b[31mthe\x1b[0m login',
  description: 'Users cannot log in.',
  status: 'open',
  priority: 1,
  issue_type: 'bug',
  labels: ['behaviour:ask', 'ui'],
  dependencies: [],
  created_at: '2025-01-01T00:00:00.000Z',
  updated_at: '2025-01-01T00:00:00.000Z',
};

describe('the scripted agent plan', () => {
  it('reads the issue back from the prompt Overseer writes, feedback included', () => {
    const prompt = buildPrompt({
      issue,
      rig: 'web',
      polecat: 'nux',
      branch: 'polecat/nux',
      worktree: '/w',
      feedback: 'tests failed: x',
    });
    expect(prompt).not.toContain('\x1b');
    expect(prompt).toContain('overseer done');
    expect(parsePrompt(prompt)).toEqual({
      issue: 'web-a1b2',
      title: 'Fix the login',
      labels: ['behaviour:ask', 'ui'],
      feedback: 'tests failed: x',
    });
  });

  it.each([
    [['behaviour:ask'], undefined, 'ask'],
    [['stall'], undefined, 'stall'],
    [['ui', 'fail-tests'], undefined, 'fail-tests'],
    [['ui'], undefined, 'succeed'],
    [['ask'], 'crash', 'crash'],
    [['ask'], 'nonsense', 'ask'],
  ])('labels %j with env %s → %s', (labels, env, want) => {
    expect(chooseBehaviour(labels, env)).toBe(want);
  });

  const info = { issue: 'web-1', title: 'T', labels: [] };
  const kinds = (b: Parameters<typeof planSteps>[0]) => planSteps(b, info).map((s) => s.kind);
  it('succeed writes, commits and runs done', () => {
    expect(kinds('succeed')).toEqual(['say', 'think', 'write', 'think', 'commit', 'done']);
  });
  it('ask asks before editing', () =>
    expect(kinds('ask').indexOf('ask')).toBeLessThan(kinds('ask').indexOf('write')));
  it('stall and crash never commit', () => {
    expect(kinds('stall')).not.toContain('commit');
    expect(kinds('crash').at(-1)).toBe('crash');
  });
  it('fail-tests adds BROKEN; conflict rewrites line 1 of CONFLICT.txt', () => {
    expect(planSteps('fail-tests', info)).toContainEqual({
      kind: 'write',
      file: 'BROKEN',
      content: 'broken by web-1\n',
    });
    expect(planSteps('conflict', info)).toContainEqual({
      kind: 'set-line-1',
      file: 'CONFLICT.txt',
      line: 'web-1: T',
    });
  });
  it('edit-and-wait rewrites the labelled lines, commits and does not run done', () => {
    const steps = planSteps('edit-and-wait', {
      ...info,
      labels: ['edit:src/cart.ts:10-30', 'edit:b.md:4', 'edit:../x:1-2', 'edit:/etc/passwd:1', 'edit:y:9-3'],
    });
    expect(steps.filter((s) => s.kind === 'edit-lines')).toEqual([
      { kind: 'edit-lines', file: 'src/cart.ts', from: 10, to: 30, tag: 'web-1 edits' },
      { kind: 'edit-lines', file: 'b.md', from: 4, to: 4, tag: 'web-1 edits' },
    ]);
    expect(steps.map((s) => s.kind)).toContain('commit');
    expect(steps.map((s) => s.kind)).not.toContain('done');
    // No edit label: line 1 of CONFLICT.txt.
    expect(planSteps('edit-and-wait', info)).toContainEqual(
      expect.objectContaining({ kind: 'edit-lines', file: 'CONFLICT.txt', from: 1, to: 1 }),
    );
  });
});
