import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installClaudeHooks } from '../agents/claude-hooks.js';
import { agentArgv, getPreset, loadAgentsConfig } from '../agents/presets.js';
import { OverseerError } from '../core/errors.js';
import { ensureShim } from '../polecats/shim.js';
import { buildPrompt } from '../polecats/prompt.js';
import { updatePolecat } from '../polecats/state-update.js';
import type { Tmux } from '../runtime/tmux.js';
import { tmuxCall, townSocketName } from '../runtime/town-tmux.js';
import { getIssue } from '../town/issues.js';
import type { Town } from '../town/town.js';

/** Environment variables passed from the daemon to every agent (scripted agent tuning). */
const PASS_THROUGH = /^OVERSEER_SCRIPTED_/;

export type AgentSessionSpec = {
  session: string;
  cwd: string;
  preset: string;
  model?: string;
  prompt: string;
  promptFile: string;
  env: Record<string, string>;
};

/** Start an agent preset in a tmux session with a prompt (argv only, no shell). */
export async function startAgentSession(
  town: Town,
  tmux: Tmux,
  spec: AgentSessionSpec,
  env = process.env,
): Promise<string[]> {
  const agents = loadAgentsConfig(town.paths.configDir);
  const preset = getPreset(agents, spec.preset);
  mkdirSync(join(spec.promptFile, '..'), { recursive: true });
  writeFileSync(spec.promptFile, spec.prompt);
  const shim = ensureShim(town);
  if (preset.hooks === 'claude') await installClaudeHooks(spec.cwd, shim.overseer);
  const argv = agentArgv(preset, {
    prompt: spec.prompt,
    promptFile: spec.promptFile,
    worktree: spec.cwd,
    model: spec.model,
  });
  const sessionEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (PASS_THROUGH.test(k) && v !== undefined) sessionEnv[k] = v;
  Object.assign(sessionEnv, preset.env, {
    PATH: `${shim.dir}:${env.PATH ?? '/usr/local/bin:/usr/bin:/bin'}`,
    OVERSEER_TOWN: town.root,
    OVERSEER_TMUX_SOCKET: townSocketName(town, env),
    ...spec.env,
  });
  if (await tmuxCall(() => tmux.hasSession(spec.session)))
    await tmuxCall(() => tmux.killSession(spec.session));
  await tmuxCall(() =>
    tmux.newSession({ name: spec.session, cwd: spec.cwd, command: argv, env: sessionEnv }),
  );
  return argv;
}

/**
 * A fresh session for an existing polecat, in its kept worktree: for a
 * respawn after a crash, or a cycle with the handoff note. The prompt is the
 * issue's, plus `extra` (the handoff note or a resume notice).
 */
export async function restartPolecatSession(
  town: Town,
  tmux: Tmux,
  rig: string,
  name: string,
  extra: { heading: string; text: string },
  env = process.env,
): Promise<void> {
  const paths = town.rigPaths(rig);
  const p = (await updatePolecat(paths, name, () => undefined))!;
  if (!p) throw new OverseerError('unknown-polecat', `no polecat ${rig}/${name}`);
  const issue = getIssue(town, p.issue);
  const prompt =
    buildPrompt({ issue, rig, polecat: name, branch: p.branch, worktree: p.worktree }) +
    `\n## ${extra.heading}\n\n${extra.text.trim()}\n`;
  const promptFile = join(paths.runtimeDir, 'prompts', `${name}.md`);
  await startAgentSession(
    town,
    tmux,
    {
      session: p.session,
      cwd: p.worktree,
      preset: p.agent,
      model: p.model,
      prompt,
      promptFile,
      env: { OVERSEER_RIG: rig, OVERSEER_POLECAT: name, OVERSEER_ISSUE: p.issue },
    },
    env,
  );
  const now = new Date().toISOString();
  await updatePolecat(paths, name, (cur) => ({
    ...cur,
    state: 'spawning',
    state_source: 'daemon',
    state_reason: `fresh session: ${extra.heading.toLowerCase()}`,
    state_since: now,
    last_activity_at: now,
    cycle_requested: false,
    prompt_file: promptFile,
  }));
}
