import { rmSync } from 'node:fs';
import { makeOrigin } from './git.js';
import { townWithRig } from './town.js';
import type { Town } from '../../src/town/town.js';
import type { TownStore } from '../../src/store/town-store.js';
import type { StoreSnapshot } from '../../src/store/types.js';
import type { PolecatState } from '../../src/town/schemas/polecat.js';
import { polecatRecord } from './polecat.js';

export type TestTown = { base: string; town: Town; origin: string; cleanup: () => void };

/** A real town `testtown` in a temp dir with one rig `web` (prefix `web`) cloned from a bare origin. */
export async function makeTown(): Promise<TestTown> {
  const { town, base, origin } = await townWithRig({ name: 'testtown' });
  return { base, town, origin, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

/** Another bare origin with one commit on main (a second rig). */
export function bareOrigin(base: string, name = 'origin'): string {
  return makeOrigin(base, undefined, name).bare;
}

/** A polecat state record of rig `web`, written now (the store and cockpit tests write these). */
export function polecat(name: string, over: Partial<PolecatState> = {}): PolecatState {
  return polecatRecord(name, new Date().toISOString(), {
    issue: 'web-abc',
    worktree: `/nowhere/${name}`,
    state_source: 'lifecycle',
    state_reason: 'spawned',
    ...over,
  });
}

/** Resolve when the store's snapshot satisfies `pred` (fails after `ms`). */
export function waitForSnapshot(
  store: TownStore,
  pred: (s: StoreSnapshot) => boolean,
  ms = 5000,
): Promise<StoreSnapshot> {
  return new Promise((resolve, reject) => {
    if (pred(store.getSnapshot())) return resolve(store.getSnapshot());
    const timer = setTimeout(() => {
      unsub();
      reject(new Error(`snapshot condition not met within ${ms} ms`));
    }, ms);
    const unsub = store.subscribe(() => {
      const s = store.getSnapshot();
      if (pred(s)) {
        clearTimeout(timer);
        unsub();
        resolve(s);
      }
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
