import { describe, expect, it } from 'vitest';
import { planLaunch, type LaunchInputs } from '../../src/agents/launch-plan.js';
import { getPreset, loadAgentsConfig, parseAgentsFile } from '../../src/agents/presets.js';

const agents = loadAgentsConfig();
const base = (preset: string): LaunchInputs => ({
  preset: getPreset(agents, preset),
  rig: {},
  townEnv: {},
  prompt: 'Issue: ov-1',
  promptFile: '/town/web/.runtime/prompts/furiosa.md',
  worktree: '/town/web/polecats/furiosa',
  repo: '/town/web/mayor/rig',
  gitRoots: ['/town/web/mayor/rig/.git/worktrees/furiosa', '/town/web/mayor/rig/.git/objects'],
  overseer: '/town/.runtime/bin/overseer',
  policyFile: '/town/.runtime/agents/gemini-policy.toml',
});

describe('launch plans of the real CLIs', () => {
  // preset, rig overrides, what the argv must hold, what it must not, env expected.
  const table: [string, LaunchInputs['rig'], string[][], string[], Record<string, string>][] = [
    ['claude', {}, [['--permission-mode', 'acceptEdits']], ['bypassPermissions'], {}],
    ['claude', { permission_mode: 'ask' }, [['--permission-mode', 'default']], ['acceptEdits'], {}],
    ['claude', { permission_mode: 'full' }, [['--permission-mode', 'bypassPermissions']], [], {}],
    [
      'codex',
      {},
      [
        ['-a', 'on-request', '-s', 'workspace-write'],
        [
          '-c',
          'sandbox_workspace_write.writable_roots=["/town/web/mayor/rig/.git/worktrees/furiosa","/town/web/mayor/rig/.git/objects"]',
        ],
        ['-c', 'projects={"/town/web/mayor/rig"={trust_level="trusted"}}'],
        ['-c', 'allow_login_shell=false'],
        ['-c', 'features.daemon_auto_start=false'],
        ['-c', 'notify=["/town/.runtime/bin/overseer","signal","idle","--event","agent-turn-complete"]'],
      ],
      ['--dangerously-bypass-approvals-and-sandbox'],
      {},
    ],
    [
      'codex',
      { pretrust: false, permission_mode: 'full' },
      [['--dangerously-bypass-approvals-and-sandbox']],
      ['projects={"/town/web/mayor/rig"={trust_level="trusted"}}', 'on-request'],
      {},
    ],
    [
      'gemini',
      {},
      [['--approval-mode', 'auto_edit', '--policy', '/town/.runtime/agents/gemini-policy.toml']],
      ['yolo'],
      { GEMINI_CLI_TRUST_WORKSPACE: 'true' },
    ],
    [
      'gemini',
      { permission_mode: 'ask', pretrust: false },
      [['--approval-mode', 'default']],
      ['--policy'],
      {},
    ],
    [
      'gemini',
      { permission_mode: 'full' },
      [['--approval-mode', 'yolo']],
      ['auto_edit'],
      { GEMINI_CLI_TRUST_WORKSPACE: 'true' },
    ],
  ];

  it.each(table)('%s %o', (preset, rig, holds, lacks, env) => {
    const plan = planLaunch({ ...base(preset), rig });
    const joined = '\0' + plan.argv.join('\0') + '\0';
    for (const seq of holds) expect(joined).toContain('\0' + seq.join('\0') + '\0');
    for (const arg of lacks) expect(plan.argv).not.toContain(arg);
    expect(plan.argv[plan.argv.length - 1]).toBe('Issue: ov-1');
    expect(plan.env).toEqual(env);
  });

  it('trusts through Claude Code config only when pretrust is on', () => {
    expect(planLaunch(base('claude')).claudeTrust).toBe(true);
    expect(planLaunch({ ...base('claude'), rig: { pretrust: false } }).claudeTrust).toBe(false);
    expect(planLaunch(base('codex')).claudeTrust).toBe(false);
  });

  it('puts the town env over the preset env, and trust env over both', () => {
    const file = parseAgentsFile(
      'agents.yaml',
      "version: 1\npresets:\n  g:\n    command: [g, '{prompt}']\n    env: { A: preset, B: preset }\n    trust: { env: { B: trust } }\n",
    );
    const plan = planLaunch({ ...base('claude'), preset: file.presets.g!, townEnv: { A: 'town' } });
    expect(plan.env).toEqual({ A: 'town', B: 'trust' });
  });

  it('rejects an unknown placeholder, naming it', () => {
    expect(() =>
      parseAgentsFile('agents.yaml', "version: 1\npresets:\n  g:\n    command: [g, '{nope|json}']\n"),
    ).toThrow(/unknown placeholder \{nope\}/);
  });
});
