import { OverseerError } from '../../core/errors.js';
import { readPolecats } from '../../town/polecat-state.js';
import { isLive, type PolecatState } from '../../town/schemas/polecat.js';
import type { Town } from '../../town/town.js';

/** Every polecat of the town on one host, live or not (a stopped one's worktree is still there). */
export function polecatsAt(town: Town, host: string): PolecatState[] {
  return town
    .rigNames()
    .flatMap((r) => readPolecats(town.rigPaths(r)).polecats)
    .filter((p) => p.outpost === host);
}

/** Live polecats of every rig on one host (an outpost's slots are shared by the town's rigs). */
export function polecatsOn(town: Town, host: string): PolecatState[] {
  return polecatsAt(town, host).filter((p) => isLive(p.state));
}

/** Throws unless the outpost has a free slot (its max_workers). */
export function assertOutpostSlot(town: Town, outpost: string, maxWorkers: number): void {
  const live = polecatsOn(town, outpost);
  if (live.length >= maxWorkers)
    throw new OverseerError(
      'max-workers',
      `outpost ${outpost} already runs ${live.length} of max_workers ${maxWorkers}: ${live.map((p) => `${p.rig}/${p.name}`).join(', ')}`,
    );
}
