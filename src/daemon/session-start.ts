import { join } from 'node:path';
import { getPreset, loadAgentsConfig } from '../agents/presets.js';
import { OverseerError } from '../core/errors.js';
import { agentMark, launchAgentSession, polecatMark } from '../polecats/agent-session.js';
import { endAgentSession } from '../runtime/agent-stop.js';
import { buildPrompt } from '../polecats/prompt.js';
import { updatePolecat } from '../town/polecat-state.js';
import type { Tmux } from '../runtime/tmux.js';
import { tmuxCall } from '../runtime/town-tmux.js';
import { getIssue } from '../town/issues.js';
import type { Town } from '../town/town.js';

export type AgentSessionSpec = {
  session: string;
  cwd: string;
  preset: string;
  model?: string;
  prompt: string;
  promptFile: string;
  env: Record<string, string>;
  /** The agent's process mark (agentMark); default: session and town. */
  mark?: string;
};

/** Start an agent preset in a tmux session with a prompt, replacing a session of that name (argv only, no shell). */
export async function startAgentSession(
  town: Town,
  tmux: Tmux,
  spec: AgentSessionSpec,
  env = process.env,
): Promise<string[]> {
  const preset = getPreset(loadAgentsConfig(town.paths.configDir), spec.preset);
  // The old session and every process of its agent (same mark) end first.
  await tmuxCall(() => endAgentSession(tmux, spec.session, spec.mark ?? agentMark(town.root, spec.session)));
  return launchAgentSession(town, tmux, { ...spec, agent: spec.preset, preset }, env);
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
      mark: polecatMark(town, p),
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
