import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installTown } from '../../src/town/install.js';
import { addRig } from '../../src/town/rigs.js';
import type { Town } from '../../src/town/town.js';
import type { TownStore } from '../../src/store/town-store.js';
import type { StoreSnapshot } from '../../src/store/types.js';
import type { PolecatState } from '../../src/town/schemas/polecat.js';
import { rigGit } from '../../src/runtime/git.js';
import { LocalRunner } from '../../src/runtime/local-runner.js';

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@t',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@t',
};

/** A bare origin repository with one commit on main. */
export function bareOrigin(base: string, name = 'origin'): string {
  const work = join(base, `${name}-work`);
  const bare = join(base, `${name}.git`);
  execFileSync('git', ['init', '-q', '-b', 'main', work], { env: GIT_ENV });
  writeFileSync(join(work, 'README.md'), '# demo\n');
  execFileSync('git', ['-C', work, 'add', '.'], { env: GIT_ENV });
  execFileSync('git', ['-C', work, 'commit', '-q', '-m', 'init'], { env: GIT_ENV });
  execFileSync('git', ['clone', '-q', '--bare', work, bare], { env: GIT_ENV });
  return bare;
}

export type TestTown = { base: string; town: Town; origin: string; cleanup: () => void };

/** A real town in a temp dir with one rig `web` (prefix `web`) cloned from a bare origin. */
export async function makeTown(): Promise<TestTown> {
  const base = mkdtempSync(join(tmpdir(), 'ov-store-'));
  const origin = bareOrigin(base);
  const town = installTown({ dir: join(base, 'town'), name: 'testtown' });
  await addRig(town, { name: 'web', source: origin, prefix: 'web' }, rigGit(new LocalRunner()));
  return { base, town, origin, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

export function polecat(name: string, over: Partial<PolecatState> = {}): PolecatState {
  const now = new Date().toISOString();
  return {
    version: 1,
    name,
    rig: 'web',
    issue: 'web-abc',
    branch: `polecat/${name}`,
    worktree: `/nowhere/${name}`,
    session: `ov-web-${name}`,
    agent: 'scripted',
    outpost: 'local',
    state: 'working',
    state_source: 'lifecycle',
    state_reason: 'spawned',
    state_since: now,
    created_at: now,
    updated_at: now,
    ...over,
  };
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
