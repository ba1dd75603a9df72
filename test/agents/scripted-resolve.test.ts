import { describe, expect, it } from 'vitest';
import { chooseBehaviour, keepBothSides, parsePrompt, planSteps } from '../../src/agents/scripted/plan.js';

describe('the scripted agent resolves merge conflicts', () => {
  it.each([
    [
      'a two-sided block',
      'a\n<<<<<<< HEAD\nours 1\n=======\ntheirs 1\n>>>>>>> polecat/x\nb\n',
      'a\nours 1\ntheirs 1\nb\n',
    ],
    [
      'a diff3 block (base dropped)',
      '<<<<<<< HEAD\nours\n||||||| base\nold\n=======\ntheirs\n>>>>>>> x\n',
      'ours\ntheirs\n',
    ],
    [
      'two blocks',
      '<<<<<<< a\n1\n=======\n2\n>>>>>>> b\nmid\n<<<<<<< a\n3\n=======\n4\n>>>>>>> b',
      '1\n2\nmid\n3\n4\n',
    ],
    ['no conflict', 'plain\ntext\n', 'plain\ntext\n'],
  ])('%s', (_what, text, want) => {
    expect(keepBothSides(text)).toBe(want);
  });

  it('a merge-conflict issue: resolve the branch its description names', () => {
    expect(chooseBehaviour(['merge-conflict'], undefined)).toBe('resolve');
    expect(chooseBehaviour(['merge-conflict', 'behaviour:stall'], undefined)).toBe('stall');
    const prompt = [
      'Issue: web-r1',
      'Title: Resolve merge conflicts: banner',
      'Labels: merge-conflict',
      '',
      'Merge request web-m1 (branch polecat/toast) conflicts with main in:',
      '  - CONFLICT.txt',
    ].join('\n');
    const info = parsePrompt(prompt);
    expect(info.conflictBranch).toBe('polecat/toast');
    const steps = planSteps('resolve', info);
    expect(steps.map((s) => s.kind)).toEqual([
      'say',
      'think',
      'say',
      'merge-squash',
      'think',
      'commit',
      'done',
    ]);
    expect(steps).toContainEqual({ kind: 'merge-squash', branch: 'polecat/toast' });
  });
});
