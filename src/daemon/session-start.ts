import { join } from 'node:path';
import { getPreset, loadAgentsConfig } from '../agents/presets.js';
import { OverseerError } from '../core/errors.js';
import { agentMark, type AgentHost, launchAgentSession, polecatMark } from '../polecats/agent-session.js';
import { outpostAgentHost } from '../polecats/outpost/agent-host.js';
import { sshRunnerFor } from '../runtime/hosts.js';
import { townServer } from '../runtime/town-tmux.js';
import { endAgentSession } from '../runtime/agent-stop.js';
import { buildPrompt } from '../polecats/prompt.js';
import { clearLockLeftByCrash } from '../polecats/crash-lock.js';
import { withSessionLock } from '../polecats/session-lock.js';
import { readPolecat, updatePolecat } from '../town/polecat-state.js';
import type { PolecatState } from '../town/schemas/polecat.js';
import type { Runner } from '../runtime/runner.js';
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
  /** On an outpost: its helper's overseer, node, PATH and call token (default: this machine). */
  host?: AgentHost;
};

/** Start an agent preset in a tmux session with a prompt, replacing a session of that name (argv only, no shell). */
export async function startAgentSession(
  town: Town,
  runner: Runner,
  tmux: Tmux,
  spec: AgentSessionSpec,
  env = process.env,
): Promise<string[]> {
  const preset = getPreset(loadAgentsConfig(town.paths.configDir), spec.preset);
  // The old session and every process of its agent (same mark) end first.
  await tmuxCall(() =>
    endAgentSession(runner.processes, tmux, spec.session, spec.mark ?? agentMark(town.root, spec.session)),
  );
  return launchAgentSession(town, runner, tmux, { ...spec, agent: spec.preset, preset }, env);
}

/**
 * A fresh session for an existing polecat, in its kept worktree: for a
 * respawn after a crash, or a cycle with the handoff note. The prompt is the
 * issue's, plus `extra` (the handoff note or a resume notice). Runs under
 * the polecat's session lock, so never beside a spawn starting the same
 * polecat; `onlyIf` is checked under it, on the freshest state: when it says
 * no, nothing is started and the answer is false.
 */
export async function restartPolecatSession(
  town: Town,
  runner: Runner,
  tmux: Tmux,
  rig: string,
  name: string,
  extra: { heading: string; text: string },
  env = process.env,
  onlyIf: (p: PolecatState) => boolean = () => true,
): Promise<boolean> {
  const paths = town.rigPaths(rig);
  return withSessionLock(paths, name, async () => {
    const p = readPolecat(paths, name);
    if (!p) throw new OverseerError('unknown-polecat', `no polecat ${rig}/${name}`);
    if (!onlyIf(p)) return false;
    await startFresh(town, runner, tmux, p, extra, env);
    return true;
  });
}

async function startFresh(
  town: Town,
  here: Runner,
  hereTmux: Tmux,
  p: PolecatState,
  extra: { heading: string; text: string },
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const { rig, name } = p;
  // On an outpost: its runner, the town's tmux there, and the agent host its spawn used.
  const remote = p.outpost !== 'local' ? sshRunnerFor(town, p.outpost) : undefined;
  const runner = remote ?? here;
  const tmux = remote ? remote.tmux(townServer(town, env)) : hereTmux;
  const host = remote
    ? await outpostAgentHost(remote, {
        rig,
        name,
        call_token: p.call_token ?? '',
        session: p.session,
        worktree: p.worktree,
      })
    : undefined;
  const paths = town.rigPaths(rig);
  const issue = getIssue(town, p.issue);
  // A dead agent may have been killed mid-git-command: its index.lock would fail every git command.
  const lock =
    p.state === 'dead'
      ? await clearLockLeftByCrash(runner, p.worktree, Date.parse(p.state_since))
      : undefined;
  const note = lock ? `\n\n(A git lock file the crash left behind, ${lock}, was removed.)` : '';
  const prompt =
    buildPrompt({ issue, rig, polecat: name, branch: p.branch, worktree: p.worktree }) +
    `\n## ${extra.heading}\n\n${extra.text.trim()}${note}\n`;
  const promptFile = join(paths.runtimeDir, 'prompts', `${name}.md`);
  await startAgentSession(
    town,
    runner,
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
      ...(host ? { host } : {}),
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
