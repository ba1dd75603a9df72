import { errorMessage, OverseerError } from '../../core/errors.js';
import { sshRunnerFor } from '../../runtime/hosts.js';
import { OutpostUnreachableError } from '../../runtime/ssh/errors.js';
import { LOCAL_HOST, loadOutposts } from '../../town/outposts.js';
import { readPolecats } from '../../town/polecat-state.js';
import { isLive } from '../../town/schemas/polecat.js';
import type { OutpostsFile } from '../../town/schemas/outpost.js';
import type { Town } from '../../town/town.js';
import { type SpawnOptions, type SpawnResult, spawnTarget } from '../spawn-checks.js';
import { polecatsOn } from './slots.js';
import { spawnOnOutpost } from './spawn-remote.js';

/** Where a spawn may go, in order: `local` while the rig has a free slot, then outposts of policy.preference with a free slot. */
export function placementOrder(
  file: OutpostsFile,
  localFree: boolean,
  used: (outpost: string) => number,
): string[] {
  const max = new Map(file.outposts.map((o) => [o.name, o.max_workers]));
  return file.policy.preference.filter((h) => (h === LOCAL_HOST ? localFree : (max.get(h) ?? 0) > used(h)));
}

/**
 * Spawn where the town's policy says. `--outpost NAME` pins the host (an
 * unreachable one is an error naming it). Otherwise this machine while the
 * rig has a free slot, else the outposts of policy.preference in order: an
 * unreachable one is skipped and the result says so (`placement`).
 */
export async function spawnPlaced(
  town: Town,
  opts: SpawnOptions,
  local: (o: SpawnOptions) => Promise<SpawnResult>,
): Promise<SpawnResult> {
  if (opts.outpost !== undefined && opts.outpost !== LOCAL_HOST)
    return spawnOnOutpost(town, opts, sshRunnerFor(town, opts.outpost));
  if (opts.outpost === LOCAL_HOST) return local(opts);
  const file = loadOutposts(town.paths);
  if (file.outposts.length === 0) return local(opts);
  const { paths, config } = spawnTarget(town, opts.issue, opts.agent);
  const live = readPolecats(paths).polecats.filter((p) => isLive(p.state) && p.outpost === LOCAL_HOST);
  const order = placementOrder(file, live.length < config.max_workers, (h) => polecatsOn(town, h).length);
  if (order.length === 0 || order[0] === LOCAL_HOST) return local(opts);
  const skipped: string[] = [];
  for (const host of order) {
    if (host === LOCAL_HOST) return { ...(await local(opts)), placement: skipped };
    try {
      const r = await spawnOnOutpost(town, opts, sshRunnerFor(town, host));
      return { ...r, placement: skipped };
    } catch (e) {
      if (!(e instanceof OutpostUnreachableError)) throw e;
      skipped.push(`outpost ${host} skipped: ${errorMessage(e)}`);
    }
  }
  throw new OverseerError(
    'no-host',
    `no host can take ${opts.issue}: rig ${config.name} runs ${live.length} of max_workers ${config.max_workers} here, and ${skipped.join('; ')}`,
  );
}
