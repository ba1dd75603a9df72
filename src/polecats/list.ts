import { refreshPolecatStates } from '../agents/state/refresh.js';
import type { Tmux } from '../runtime/tmux.js';
import type { PolecatState } from '../town/schemas/polecat.js';
import type { Town } from '../town/town.js';

/** Every polecat (of one rig, or all), states refreshed from tmux first, by rig then name. */
export async function listPolecats(
  town: Town,
  opts: { rig?: string; tmux?: Tmux; now?: number } = {},
): Promise<PolecatState[]> {
  const list = await refreshPolecatStates(town, opts.rig, { tmux: opts.tmux, now: opts.now });
  return list.sort((a, b) => a.rig.localeCompare(b.rig) || a.name.localeCompare(b.name));
}
