import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  agentArgv,
  getPreset,
  loadAgentsConfig,
  parseAgentsFile,
  validateAgentsFile,
} from '../../src/agents/presets.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('agent presets', () => {
  it('ships claude, codex, gemini, aider and scripted', () => {
    const c = loadAgentsConfig();
    expect([...c.presets.keys()].sort()).toEqual(['aider', 'claude', 'codex', 'gemini', 'scripted']);
    expect(getPreset(c, 'claude').hooks).toBe('claude');
  });

  it('rejects a misspelt field, naming it', () => {
    const text = 'version: 1\npresets:\n  claude:\n    comand: [claude]\n';
    expect(() => parseAgentsFile('/x/agents.yaml', text)).toThrow(
      /\/x\/agents\.yaml: .*presets\.claude.*comand/,
    );
  });

  it('rejects a bad regular expression and an unknown placeholder, naming the field', () => {
    expect(() =>
      parseAgentsFile(
        'a.yaml',
        "version: 1\npresets:\n  x:\n    command: [x]\n    state: { busy: ['(unclosed'] }\n",
      ),
    ).toThrow(/field presets\.x\.state\.busy\.0: not a valid regular expression/);
    expect(() =>
      parseAgentsFile('a.yaml', "version: 1\npresets:\n  x:\n    command: [x, '{promt}']\n"),
    ).toThrow(/field presets\.x\.command\.1: unknown placeholder \{promt\}/);
  });

  it('declares approve and deny keys per preset, and rejects a key that is not an answer key', () => {
    const c = loadAgentsConfig();
    expect(getPreset(c, 'claude').answers).toEqual({ approve: ['Enter'], deny: ['Esc'] });
    expect(getPreset(c, 'codex').answers).toEqual({ approve: ['y'], deny: ['Esc'] });
    expect(getPreset(c, 'gemini').answers).toEqual({ approve: ['Enter'], deny: ['Esc'] });
    expect(getPreset(c, 'scripted').answers).toEqual({ approve: ['Enter'], deny: ['Esc'] });
    expect(
      parseAgentsFile('a.yaml', 'version: 1\npresets:\n  x:\n    command: [x]\n').presets.x!.answers,
    ).toEqual({ approve: ['Enter'], deny: ['Esc'] });
    expect(() =>
      parseAgentsFile(
        'a.yaml',
        'version: 1\npresets:\n  x:\n    command: [x]\n    answers: { approve: [C-c] }\n',
      ),
    ).toThrow(/field presets\.x\.answers\.approve\.0: unknown key "C-c"; use Enter, Esc/);
  });

  it('lets a town override a preset and the settings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ov-presets-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'config'));
    writeFileSync(
      join(dir, 'config', 'agents.yaml'),
      "version: 1\nattach: window\npresets:\n  claude:\n    command: [my-claude, '{prompt}']\n",
    );
    const c = loadAgentsConfig(join(dir, 'config'));
    expect(c.attach).toBe('window');
    expect(getPreset(c, 'claude').command).toEqual(['my-claude', '{prompt}']);
    expect(getPreset(c, 'codex').command[0]).toBe('codex');
  });

  it('has no stuck timer of its own: stuck_after_minutes is refused, pointing at daemon.yaml', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ov-presets-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'config'));
    const file = join(dir, 'config', 'agents.yaml');
    writeFileSync(file, 'version: 1\nstuck_after_minutes: 3\n');
    const moved = /agents\.yaml: field stuck_after_minutes: moved to daemon\.yaml witness\.stuck_after/;
    expect(() => loadAgentsConfig(join(dir, 'config'))).toThrow(moved);
    expect(validateAgentsFile(file)).toMatch(moved);
    writeFileSync(file, 'version: 1\nattach: window\n');
    expect(validateAgentsFile(file)).toBeUndefined();
  });

  it('names the file and the known presets for an unknown preset', () => {
    expect(() => getPreset(loadAgentsConfig(), 'clade')).toThrow(
      /unknown agent preset "clade"; presets: aider, claude/,
    );
  });

  it('substitutes placeholders per argument, never re-scanning the prompt', () => {
    const c = loadAgentsConfig();
    const prompt = 'do {model} $(rm -rf /) "quoted"';
    expect(agentArgv(getPreset(c, 'claude'), { prompt, promptFile: '/p.md', worktree: '/w' })).toEqual([
      'claude',
      '--permission-mode',
      'acceptEdits',
      prompt,
    ]);
    expect(
      agentArgv(getPreset(c, 'claude'), { prompt, promptFile: '/p.md', worktree: '/w', model: 'opus' }),
    ).toEqual(['claude', '--permission-mode', 'acceptEdits', '--model', 'opus', prompt]);
    expect(agentArgv(getPreset(c, 'aider'), { prompt, promptFile: '/p.md', worktree: '/w' })).toEqual([
      'aider',
      '--message-file',
      '/p.md',
    ]);
    const scripted = agentArgv(getPreset(c, 'scripted'), { prompt, promptFile: '/p.md', worktree: '/w' });
    expect(scripted[0]).toBe(process.execPath);
    expect(scripted[1]).toMatch(/dist\/scripted-agent\.js$/);
    expect(scripted[2]).toBe('/p.md');
  });
});
