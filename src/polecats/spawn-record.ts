import { join } from 'node:path';
import type { AgentPreset } from '../agents/presets.js';
import { updateIssue } from '../town/issues.js';
import { writePolecat } from '../town/polecat-state.js';
import { type PolecatState, polecatAddress } from '../town/schemas/polecat.js';
import type { RigPaths } from '../town/paths.js';
import type { Town } from '../town/town.js';
import { type AgentLaunch, polecatMark } from './agent-session.js';
import { buildPrompt, type PromptInput } from './prompt.js';

/**
 * The agent launch of a polecat whose state file says `spawning`, the same
 * locally and on an outpost (which adds its host): its prompt and prompt
 * file, session, worktree, preset and model, variables and process mark.
 */
export function polecatLaunch(
  town: Town,
  paths: RigPaths,
  created: PolecatState,
  issue: PromptInput['issue'],
  preset: AgentPreset,
  feedback?: string,
): AgentLaunch {
  const { rig, name, branch, worktree, session } = created;
  return {
    session,
    cwd: worktree,
    agent: created.agent,
    preset,
    model: created.model,
    prompt: buildPrompt({ issue, rig, polecat: name, branch, worktree, feedback }),
    promptFile: join(paths.runtimeDir, 'prompts', `${name}.md`),
    env: { OVERSEER_RIG: rig, OVERSEER_POLECAT: name, OVERSEER_ISSUE: issue.id },
    mark: polecatMark(town, created),
  };
}

/**
 * The last step of every spawn, local or on an outpost: the polecat's state
 * file says its session started, its issue is in progress and assigned to it,
 * and one `polecat.spawned` event says where.
 */
export async function recordSpawned(
  town: Town,
  paths: RigPaths,
  created: PolecatState,
  spawned: {
    issue: string;
    promptFile: string;
    /** Where, for the reason and the event ("" locally, " on outpost X"). */
    where: string;
    data: Record<string, unknown>;
  },
): Promise<PolecatState> {
  const { rig, name, agent, session } = created;
  const polecat: PolecatState = {
    ...created,
    prompt_file: spawned.promptFile,
    state_reason: `session ${session} started${spawned.where}`,
  };
  await Promise.all([
    writePolecat(paths, polecat),
    updateIssue(town, spawned.issue, { status: 'in_progress', assignee: polecatAddress(rig, name) }),
  ]);
  await town.events.emit({
    kind: 'polecat.spawned',
    actor: 'overseer',
    rig,
    subject: `${rig}/${name}`,
    message: `spawned ${name} (${agent}) on ${spawned.issue}${spawned.where}`,
    data: { issue: spawned.issue, agent, branch: created.branch, session, ...spawned.data },
  });
  return polecat;
}
