import { dirname, join } from 'node:path';
import { installClaudeHooks } from '../agents/claude-hooks.js';
import { claudeConfigFile, trustForClaude } from '../agents/integrations/claude-trust.js';
import { gitWriteRoots, installCodexRules } from '../agents/integrations/codex.js';
import { ensureGeminiPolicy, installGeminiHooks } from '../agents/integrations/gemini.js';
import { planLaunch, type LaunchPlan } from '../agents/launch-plan.js';
import { loadAgentsConfig, type AgentPreset } from '../agents/presets.js';
import { replaceFileSync } from '../core/disk-write.js';
import { OverseerError } from '../core/errors.js';
import { gitIdentity, identityEnv } from '../runtime/git-identity.js';
import { AGENT_MARK_VAR } from '../runtime/agent-stop.js';
import type { LockedText } from '../runtime/locked-replace.js';
import type { Runner } from '../runtime/runner.js';
import type { Tmux } from '../runtime/tmux.js';
import { tmuxCall, townSocketName } from '../runtime/town-tmux.js';
import type { PolecatState } from '../town/schemas/polecat.js';
import type { Town } from '../town/town.js';
import { ensureShim } from './shim.js';
import { packageRoot } from '../core/package-root.js';
import { filesOf } from '../runtime/host-files.js';

/** Environment variables passed from the starting process to every agent (scripted agent tuning). */
const PASS_THROUGH = /^OVERSEER_SCRIPTED_/;

export type AgentLaunch = {
  session: string;
  cwd: string;
  /** The preset's name (for messages) and the preset. */
  agent: string;
  preset: AgentPreset;
  model?: string;
  prompt: string;
  promptFile: string;
  /** Extra session variables (OVERSEER_RIG, OVERSEER_POLECAT, ...). */
  env: Record<string, string>;
  /** The agent's process mark (see agentMark); default: session and town. */
  mark?: string;
  /** Where the agent runs when not on this machine (an outpost): see outpost/agent-host.ts. */
  host?: AgentHost;
};

/** What the preset's CLI integration needs in the worktree (hooks, allow lists) and, once per rig, trust. */
async function prepareWorkspace(
  town: Town,
  runner: Runner,
  spec: AgentLaunch,
  plan: LaunchPlan,
  host: AgentHost,
  agentEnv: Record<string, string | undefined>,
): Promise<void> {
  const allow = plan.mode === 'auto';
  const hooks = spec.preset.hooks;
  const repo = runner.git(spec.cwd);
  if (hooks === 'claude') await installClaudeHooks(repo, host.overseer, allow);
  if (hooks === 'gemini') await installGeminiHooks(repo, host.overseer);
  if (hooks === 'codex' && allow) await installCodexRules(repo);
  if (plan.claudeTrust) {
    // On an outpost: the agent's config file there, and the directory of its worktrees there.
    const rig = spec.env.OVERSEER_RIG;
    const dir = rig && !host.lockedText ? town.rigPaths(rig).polecatsDir : dirname(spec.cwd);
    await trustForClaude(claudeConfigFile(agentEnv), dir, host.lockedText);
  }
}

/**
 * What running an agent on a host takes: the `overseer` it calls and the
 * directory holding it (first on PATH), the host's PATH, its node and the
 * scripted agent there, where the prompt file goes, and the variables that
 * tell the agent's `overseer` how to reach the town.
 */
export type AgentHost = {
  overseer: string;
  shimDir: string;
  path: string;
  node: string;
  scriptedAgent: string;
  promptFile: string;
  env: Record<string, string>;
  /** The host's own variables for agents, over the town's (an outpost's `env`); PATH there is the host's unless they set it. */
  agentEnv?: Record<string, string>;
  /** The agent user's HOME there, unless the variables set one. */
  home?: string;
  /** Config files there (Claude's trust). */
  lockedText?: LockedText;
  /** Wrap the agent's command (a container on an outpost): the session's variable names, what env(1) sets, the agent's argv. */
  wrap?: (c: { envNames: string[]; envSet: Record<string, string>; argv: string[] }) => string[];
};

function localHost(town: Town, spec: AgentLaunch, env: NodeJS.ProcessEnv): AgentHost {
  const shim = ensureShim(town);
  return {
    overseer: shim.overseer,
    shimDir: shim.dir,
    path: env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    node: process.execPath,
    scriptedAgent: join(packageRoot(), 'dist', 'scripted-agent.js'),
    promptFile: spec.promptFile,
    env: { OVERSEER_TOWN: town.root, OVERSEER_TMUX_SOCKET: townSocketName(town, env) },
  };
}

/**
 * The value of OVERSEER_AGENT_MARK for an agent: its session, its town and,
 * for a polecat, when it was born, so a process is matched to this one
 * polecat and never to another (or to an older one of the same name).
 */
export function agentMark(townRoot: string, session: string, born?: string): string {
  return `${session}@${townRoot}${born ? `#${born}` : ''}`;
}

export function polecatMark(town: Town, p: Pick<PolecatState, 'session' | 'created_at'>): string {
  return agentMark(town.root, p.session, p.created_at);
}

/**
 * Start an agent in a new tmux session in its worktree: the prompt file, the
 * `overseer` shim, the preset's CLI integration (hooks, allow list, trust),
 * the town env, and the shim directory on PATH. tmux gives a new session's
 * first process the creating client's PATH whatever `-e` says, so PATH is set
 * through env(1) in the argv itself (still no shell). Returns the agent's
 * argv (without the env(1) prefix).
 */
export async function launchAgentSession(
  town: Town,
  runner: Runner,
  tmux: Tmux,
  spec: AgentLaunch,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string[]> {
  replaceFileSync(spec.promptFile, spec.prompt);
  const host = spec.host ?? localHost(town, spec, env);
  if (host.promptFile !== spec.promptFile) await filesOf(runner).writeFile(host.promptFile, spec.prompt);
  const rigName = spec.env.OVERSEER_RIG;
  const rig = rigName ? town.rig(rigName) : undefined;
  const policyFile = join(town.paths.runtimeDir, 'agents', 'gemini-policy.toml');
  const plan = planLaunch({
    preset: spec.preset,
    rig: { permission_mode: rig?.permission_mode, pretrust: rig?.pretrust },
    townEnv: loadAgentsConfig(town.paths.configDir).env,
    prompt: spec.prompt,
    promptFile: host.promptFile,
    worktree: spec.cwd,
    repo: rigName ? town.rigPaths(rigName).canonicalClone : spec.cwd,
    gitRoots: gitWriteRoots(spec.cwd),
    overseer: host.overseer,
    policyFile,
    model: spec.model,
    node: host.node,
    scriptedAgent: host.scriptedAgent,
  });
  const argv = plan.argv;
  if (argv[0]!.includes('='))
    throw new OverseerError(
      'bad-config',
      `preset ${spec.agent}: the program ${JSON.stringify(argv[0])} may not contain "="`,
    );
  if (spec.preset.hooks === 'gemini' && plan.mode === 'auto') ensureGeminiPolicy(policyFile);
  // An outpost's variables win over the town's; the town's PATH and this process's HOME are this machine's.
  const agentVars = host.agentEnv ? { ...plan.env, ...host.agentEnv } : plan.env;
  const path = host.agentEnv ? (host.agentEnv.PATH ?? host.path) : (plan.env.PATH ?? host.path);
  const home = agentVars.HOME ?? (host.agentEnv ? host.home : env.HOME);
  await prepareWorkspace(town, runner, spec, plan, host, {
    ...(host.agentEnv ? {} : env),
    ...agentVars,
    HOME: home,
  });
  const sessionEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (PASS_THROUGH.test(k) && v !== undefined) sessionEnv[k] = v;
  if (spec.preset.git_identity_env)
    Object.assign(sessionEnv, identityEnv(await gitIdentity(runner.git(spec.cwd), home)));
  Object.assign(sessionEnv, agentVars, {
    PATH: `${host.shimDir}:${path}`,
    ...host.env,
    ...spec.env,
    [AGENT_MARK_VAR]: spec.mark ?? agentMark(town.root, spec.session),
  });
  // Also in env(1)'s argv, so the agent has it whatever tmux's session environment does.
  const mark = { [AGENT_MARK_VAR]: sessionEnv[AGENT_MARK_VAR]! };
  const command = host.wrap
    ? host.wrap({ envNames: Object.keys(sessionEnv), envSet: mark, argv })
    : ['env', `PATH=${sessionEnv.PATH}`, `${AGENT_MARK_VAR}=${sessionEnv[AGENT_MARK_VAR]}`, ...argv];
  await tmuxCall(() => tmux.newSession({ name: spec.session, cwd: spec.cwd, command, env: sessionEnv }));
  return argv;
}
