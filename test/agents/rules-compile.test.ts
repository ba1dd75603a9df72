import { describe, expect, it } from 'vitest';
import { getPreset, loadAgentsConfig } from '../../src/agents/presets.js';
import { compileRules } from '../../src/agents/state/rules.js';

describe('compileRules', () => {
  it('compiles a preset once; another preset object (a changed config) gets its own', () => {
    const claude = getPreset(loadAgentsConfig(), 'claude');
    const rules = compileRules(claude);
    expect(compileRules(claude)).toBe(rules);
    expect(rules.busy.length + rules.waiting.length).toBeGreaterThan(0);
    const edited = { ...claude, state: { ...claude.state, waiting: ['Proceed\\?'] } };
    expect(compileRules(edited).waiting.map((r) => r.source)).toEqual(['Proceed\\?']);
    expect(compileRules(undefined)).toEqual({ ...compileRules(undefined), busy: [], waiting: [] });
  });
});
