import type { PermissionMode } from './preset-access.js';
import { agentArgv, type AgentPreset } from './presets.js';

/**
 * How one agent session starts, decided from the preset, the rig's
 * overrides and the town's agent environment: argv, environment, the
 * permission mode and whether the worktree is pre-trusted. Pure: the caller
 * writes the files and starts the session.
 */

export type RigAccess = { permission_mode?: PermissionMode; pretrust?: boolean };

export type LaunchInputs = {
  preset: AgentPreset;
  rig: RigAccess;
  /** config/agents.yaml `env`: every agent session of the town. */
  townEnv: Record<string, string>;
  prompt: string;
  promptFile: string;
  worktree: string;
  /** The rig's canonical clone (the worktree's main repository). */
  repo: string;
  /** The directories a commit in the worktree writes (Codex's writable roots). */
  gitRoots: string[];
  /** The `overseer` executable agents call. */
  overseer: string;
  /** Where the Gemini policy file lives. */
  policyFile: string;
  model?: string;
  /** node and the scripted agent on the agent's host (an outpost has its own). */
  node?: string;
  scriptedAgent?: string;
};

export type LaunchPlan = {
  argv: string[];
  /** Variables for the session, on top of the tmux server's environment. */
  env: Record<string, string>;
  mode: PermissionMode;
  pretrust: boolean;
  /** Trust the rig's polecats directory in Claude Code's config file first. */
  claudeTrust: boolean;
};

export function planLaunch(i: LaunchInputs): LaunchPlan {
  const mode = i.rig.permission_mode ?? i.preset.permission_mode;
  const pretrust = i.rig.pretrust ?? i.preset.pretrust;
  const argv = agentArgv(i.preset, {
    prompt: i.prompt,
    promptFile: i.promptFile,
    worktree: i.worktree,
    model: i.model,
    repo: i.repo,
    gitRoots: i.gitRoots,
    overseer: i.overseer,
    policyFile: i.policyFile,
    permissionMode: mode,
    pretrust,
    node: i.node,
    scriptedAgent: i.scriptedAgent,
  });
  const env = { ...i.preset.env, ...i.townEnv, ...(pretrust ? i.preset.trust.env : {}) };
  return { argv, env, mode, pretrust, claudeTrust: pretrust && i.preset.trust.claude_json };
}
