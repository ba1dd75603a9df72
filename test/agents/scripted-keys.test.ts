import { describe, expect, it } from 'vitest';
import { parseKeys } from '../../src/agents/scripted/keys.js';
import { planSteps } from '../../src/agents/scripted/plan.js';

describe('the scripted agent keyboard', () => {
  it.each([
    ['\r', ['enter']],
    ['\r\n', ['enter']],
    ['\x1b', ['escape']],
    ['\x1b[A\x1b[B', ['up', 'down']],
    ['\x1bOA', ['up']],
    ['\t', ['tab']],
    ['\x7f', ['backspace']],
    ['\x03', ['ctrl-c']],
    ['y\r', ['char:y', 'enter']],
    ['1', ['char:1']],
    ['\x1bx', ['escape', 'char:x']],
  ])('%j → %j', (data, want) => {
    expect(parseKeys(data).map((k) => (k.kind === 'char' ? `char:${k.char}` : k.kind))).toEqual(want);
  });
});

describe('the scripted behaviours for real-agent situations', () => {
  const info = { issue: 'web-1', title: 'T', labels: [] };
  const kinds = (b: Parameters<typeof planSteps>[0]) => planSteps(b, info).map((s) => s.kind);
  it('early-stop commits and ends its turn without done', () => {
    expect(kinds('early-stop')).toContain('commit');
    expect(kinds('early-stop')).not.toContain('done');
  });
  it('menu asks with a numbered menu before editing', () => {
    expect(kinds('menu').indexOf('menu')).toBeLessThan(kinds('menu').indexOf('write'));
  });
  it('escape leaves a child, then finishes', () => {
    expect(kinds('escape')).toContain('escape');
    expect(kinds('escape').at(-1)).toBe('done');
  });
  it.each(['rate-limit', 'overloaded', 'auth-error', 'network-error'] as const)(
    '%s shows the model error before any work, then finishes',
    (b) => {
      const steps = planSteps(b, info);
      expect(steps.find((s) => s.kind === 'api-error')).toEqual({ kind: 'api-error', error: b });
      expect(steps.at(-1)?.kind).toBe('done');
    },
  );
});
