import { updateIssue } from '../town/issues.js';
import { writePolecat } from '../town/polecat-state.js';
import { type PolecatState, polecatAddress } from '../town/schemas/polecat.js';
import type { RigPaths } from '../town/paths.js';
import type { Town } from '../town/town.js';

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
