import { tryReadJson, writeJsonAtomic } from '../core/json-file.js';
import { nowIso } from '../core/time.js';
import type { RigPaths } from '../town/paths.js';
import { RefineryState } from '../town/schemas/rig.js';

/**
 * <rig>/refinery/state.json: what the refinery is doing right now, written
 * before each step so that a run after a crash knows what was in flight.
 */

export const STEPS = ['fetch', 'integrate', 'test', 'push', 'finish'] as const;
export type Step = (typeof STEPS)[number];

export type Current = {
  mr: string;
  step: Step;
  started_at: string;
  pid: number;
  /** origin's default branch when the request was picked up. */
  base?: string;
  /** the polecat branch tip that is being landed. */
  tip?: string;
  /** the commit that will be (or was) pushed. */
  candidate?: string;
  /** process group of a running test command (killed by crash recovery). */
  test_pgid?: number;
};

export function readRefineryState(paths: RigPaths): RefineryState {
  const r = tryReadJson(paths.refineryState, RefineryState);
  if (r.ok) return r.value;
  return { version: 1, rig: paths.name, updated_at: nowIso() };
}

export function currentOf(state: RefineryState): Current | undefined {
  return state.current as Current | undefined;
}

export async function writeCurrent(
  paths: RigPaths,
  current: Current | undefined,
  extra: Partial<RefineryState> = {},
): Promise<void> {
  const prev = readRefineryState(paths);
  const next: RefineryState = {
    ...prev,
    ...extra,
    version: 1,
    rig: paths.name,
    updated_at: nowIso(),
    current,
  };
  if (current === undefined) delete next.current;
  await writeJsonAtomic(paths.refineryState, next);
}
