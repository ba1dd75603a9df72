import { getPreset, loadAgentsConfig } from '../agents/presets.js';
import { OverseerError } from '../core/errors.js';
import { issueToChange } from '../town/issue-map.js';
import { LOCAL_HOST } from '../town/outposts.js';
import type { RigPaths } from '../town/paths.js';
import { isSpawnable } from '../town/schemas/bead.js';
import { type PolecatState, isLive } from '../town/schemas/polecat.js';
import type { RigConfig } from '../town/schemas/rig.js';
import type { Town } from '../town/town.js';
import type { Runner } from '../runtime/runner.js';
import type { Tmux } from '../runtime/tmux.js';

/** What a spawn takes and gives, and the checks made before anything is written. */

export type SpawnOptions = {
  issue: string;
  agent?: string;
  name?: string;
  model?: string;
  tier?: number;
  feedback?: string;
  /** Fetch origin before branching (default true). */
  fetch?: boolean;
  /** The runner of the host the polecat goes to; default this machine's. */
  runner?: Runner;
  /** Pin the host: `local` or an outpost of config/outposts.yaml (default: policy.preference when the rig is full). */
  outpost?: string;
  tmux?: Tmux;
  env?: NodeJS.ProcessEnv;
};

export type SpawnResult = {
  polecat: PolecatState;
  session: string;
  worktree: string;
  argv: string[];
  /** The worktree came from the rig's warm pool (a rename and a branch checkout), not a fresh checkout. */
  warm: boolean;
  /** Where the time went, in ms: the spawn lock (name, slot, state file; fetch runs meanwhile), checkout, session, total. */
  timings: { lock: number; worktree: number; session: number; total: number };
  /** Hosts passed over on the way (an unreachable outpost), one line each. */
  placement?: string[];
};

/** The issue, its rig and the agent preset of a spawn, checked: work an agent can take, open, known preset. */
export function spawnTarget(town: Town, issueId: string, agentName?: string) {
  // Not an issue whose latest line cannot be read: its last good record is stale.
  const issue = issueToChange(town.beadsFor(issueId).all(), issueId);
  const rig = town.rigForBead(issue.id);
  const config = town.rig(rig);
  const paths = town.rigPaths(rig);
  if (!isSpawnable(issue.issue_type)) {
    throw new OverseerError('not-work', `${issue.id} is a ${issue.issue_type}, not work a polecat can take`);
  }
  if (issue.status === 'closed') throw new OverseerError('issue-closed', `${issue.id} is closed`);
  const agents = loadAgentsConfig(town.paths.configDir);
  const agent = agentName ?? config.default_agent;
  const preset = getPreset(agents, agent);
  return { issue, rig, config, paths, agent, preset };
}

/** Throws unless the issue has no active polecat and, on this machine, the rig has a free worker slot (max_workers). */
export function assertSlotFree(
  paths: RigPaths,
  config: RigConfig,
  issueId: string,
  polecats: readonly PolecatState[],
  host: string = LOCAL_HOST,
): void {
  const rig = config.name;
  const holder = polecats.find((p) => p.issue === issueId && isLive(p.state));
  if (holder) {
    throw new OverseerError(
      'issue-taken',
      `${issueId} is already being worked on by polecat ${rig}/${holder.name} (${holder.state})`,
    );
  }
  // The rig's max_workers counts its polecats on this machine; an outpost's slots are its own.
  if (host !== LOCAL_HOST) return;
  const active = polecats.filter((p) => isLive(p.state) && p.outpost === LOCAL_HOST);
  if (active.length >= config.max_workers) {
    throw new OverseerError(
      'max-workers',
      `rig ${rig} already runs ${active.length} of max_workers ${config.max_workers}: ${active.map((p) => `${p.name} (${p.state})`).join(', ')}`,
      { hint: `wait for one to finish, stop one, or raise max_workers in ${paths.config}` },
    );
  }
}
