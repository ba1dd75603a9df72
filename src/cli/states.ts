import { refreshPolecatStates } from '../agents/state/refresh.js';
import { errorMessage } from '../core/errors.js';
import { currentDaemonView } from '../daemon/control.js';
import { townServer } from '../runtime/town-tmux.js';
import { clock, type DaemonView, staleNote } from '../town/daemon-view.js';
import type { LocalRunner } from '../runtime/local-runner.js';
import type { Town } from '../town/town.js';

export type StatesView = DaemonView & { refreshError?: string };

/**
 * Before `polecat list`, `status` and `attention` read the state files:
 * with no daemon running, work the states out from tmux now (and write
 * them); with a daemon that keeps them current, read them as they are; with
 * a daemon that stopped ticking, read them and say they are stale, since when.
 */
export async function currentStates(town: Town, runner: LocalRunner, rig?: string): Promise<StatesView> {
  const view = currentDaemonView(runner, town.paths);
  if (view.status !== 'off') return view;
  try {
    await refreshPolecatStates(town, rig, { tmux: runner.tmux(townServer(town)) });
    return view;
  } catch (e) {
    return { ...view, refreshError: errorMessage(e) };
  }
}

/** Lines to print above the states (nothing when they are current). */
export function statesNote(v: StatesView, now = Date.now()): string[] {
  const out: string[] = [];
  if (v.status === 'stale') out.push(`states are ${staleNote(v, now)}`);
  if (v.refreshError) out.push(`states as last written: cannot read tmux (${v.refreshError})`);
  return out;
}

/** What --json adds to each state: the time it is stale since (ISO), when it is. */
export function staleSince(v: StatesView): { stale_since?: string } {
  if (v.status !== 'stale') return {};
  return { stale_since: v.lastTickAt !== undefined ? new Date(v.lastTickAt).toISOString() : 'never ticked' };
}

export { clock };
