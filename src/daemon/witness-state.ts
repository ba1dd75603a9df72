import { tryReadJson, writeJsonAtomic } from '../core/json-file.js';
import { withLock } from '../core/lock.js';
import type { RigPaths } from '../town/paths.js';
import { WitnessState } from '../town/schemas/rig.js';
import { emptyWitness, type WitnessEntry } from './snapshot.js';

/** Read-modify-write of one polecat's entry in <rig>/witness/state.json, under its lock. */
export async function updateWitnessEntry(
  paths: RigPaths,
  polecat: string,
  fn: (e: WitnessEntry) => WitnessEntry | undefined,
  now = Date.now(),
): Promise<void> {
  await withLock(paths.witnessState, async () => {
    const r = tryReadJson(paths.witnessState, WitnessState);
    const state = r.ok ? r.value : emptyWitness(paths.name, now);
    const cur = state.polecats[polecat] ?? { nudges: 0, verify_failures: 0, respawns: 0 };
    const next = fn(cur);
    if (next === undefined) delete state.polecats[polecat];
    else state.polecats[polecat] = next;
    state.updated_at = new Date(now).toISOString();
    await writeJsonAtomic(paths.witnessState, state);
  });
}
