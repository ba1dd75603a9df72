import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { installClaudeHooks } from '../agents/claude-hooks.js';
import { agentArgv, type AgentPreset } from '../agents/presets.js';
import { OverseerError } from '../core/errors.js';
import type { Runner } from '../runtime/runner.js';
import type { Tmux } from '../runtime/tmux.js';
import { tmuxCall, townSocketName } from '../runtime/town-tmux.js';
import type { Town } from '../town/town.js';
import { ensureShim } from './shim.js';

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
};

/**
 * Start an agent in a new tmux session in its worktree: the prompt file, the
 * `overseer` shim (and Claude hooks), the town env, and the shim directory on
 * PATH. tmux gives a new session's first process the creating client's PATH
 * whatever `-e` says, so PATH is set through env(1) in the argv itself (still
 * no shell). Returns the agent's argv (without the env(1) prefix).
 */
export async function launchAgentSession(
  town: Town,
  runner: Runner,
  tmux: Tmux,
  spec: AgentLaunch,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string[]> {
  mkdirSync(dirname(spec.promptFile), { recursive: true });
  writeFileSync(spec.promptFile, spec.prompt);
  const shim = ensureShim(town);
  if (spec.preset.hooks === 'claude') await installClaudeHooks(runner.git(spec.cwd), shim.overseer);
  const argv = agentArgv(spec.preset, {
    prompt: spec.prompt,
    promptFile: spec.promptFile,
    worktree: spec.cwd,
    model: spec.model,
  });
  if (argv[0]!.includes('='))
    throw new OverseerError(
      'bad-config',
      `preset ${spec.agent}: the program ${JSON.stringify(argv[0])} may not contain "="`,
    );
  const sessionEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (PASS_THROUGH.test(k) && v !== undefined) sessionEnv[k] = v;
  Object.assign(sessionEnv, spec.preset.env, {
    PATH: `${shim.dir}:${env.PATH ?? '/usr/local/bin:/usr/bin:/bin'}`,
    OVERSEER_TOWN: town.root,
    OVERSEER_TMUX_SOCKET: townSocketName(town, env),
    ...spec.env,
  });
  const command = ['env', `PATH=${sessionEnv.PATH}`, ...argv];
  await tmuxCall(() => tmux.newSession({ name: spec.session, cwd: spec.cwd, command, env: sessionEnv }));
  return argv;
}
