import { OverseerError } from '../../core/errors.js';
import { NAME_PATTERN } from '../../core/names.js';
import { runnerFor } from '../../runtime/hosts.js';
import { listMergeRequests } from '../../town/merge-requests.js';
import { readPolecat } from '../../town/polecat-state.js';
import type { OffloadJob } from '../../town/schemas/offload.js';
import type { Town } from '../../town/town.js';
import { canonicalWithBranch } from '../outpost/fetch-back.js';

export type ResolvedTarget = OffloadJob['target'] & { rig: string };

/** A git ref as an operator types it; nothing that git (or a shell) could read as an option. */
const REF = /^[A-Za-z0-9._/@^~{}-]{1,200}$/;

/** The rig an offload acts on: --rig, else the town's only rig. */
export function offloadRig(town: Town, rig: string | undefined): string {
  if (rig !== undefined) return town.rig(rig).name;
  const names = town.rigNames();
  if (names.length === 1) return names[0]!;
  throw new OverseerError(
    'which-rig',
    names.length === 0
      ? 'the town has no rig'
      : `the town has ${names.length} rigs: pass --rig (one of ${names.join(', ')})`,
  );
}

/**
 * TARGET → the commit to offload: a polecat of the rig (its branch, fetched
 * from its outpost first), a merge request id (its branch's head), else a
 * git ref of the canonical clone. Unknown → an error naming it.
 */
export async function resolveTarget(town: Town, rig: string, input: string): Promise<ResolvedTarget> {
  const paths = town.rigPaths(rig);
  if (NAME_PATTERN.test(input)) {
    const p = readPolecat(paths, input);
    if (p) {
      const canonical = await canonicalWithBranch(town, runnerFor(town, p.outpost), rig, p.branch);
      const sha = await canonical.tryRev(`refs/heads/${p.branch}`);
      if (!sha)
        throw new OverseerError('no-target', `polecat ${input} has no branch ${p.branch} in rig ${rig}`);
      return { rig, input, kind: 'polecat', sha, branch: p.branch };
    }
  }
  const mr = listMergeRequests(town, rig).find((m) => m.id === input);
  if (mr) {
    const canonical = runnerFor(town).git(paths.canonicalClone);
    const sha = (await canonical.tryRev(`refs/heads/${mr.mr.branch}`)) ?? mr.mr.head;
    if (!sha || !/^[0-9a-f]{40}$/.test(sha))
      throw new OverseerError(
        'no-target',
        `merge request ${input}: its branch ${mr.mr.branch} is not in rig ${rig}`,
      );
    return { rig, input, kind: 'merge-request', sha, branch: mr.mr.branch };
  }
  if (!REF.test(input) || input.startsWith('-') || input.includes('..'))
    throw new OverseerError(
      'no-target',
      `${JSON.stringify(input)} is not a polecat, merge request or git ref`,
    );
  const canonical = runnerFor(town).git(paths.canonicalClone);
  const sha = await canonical.tryRev(input);
  if (!sha)
    throw new OverseerError(
      'no-target',
      `unknown target ${JSON.stringify(input)}: no polecat, merge request or git ref of that name in rig ${rig}`,
    );
  return { rig, input, kind: 'ref', sha };
}
