import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIssue } from '../src/town/issues.js';
import { installTown } from '../src/town/install.js';
import { addRig } from '../src/town/rigs.js';
import { refillPool } from '../src/polecats/pool.js';
import { spawnPolecat } from '../src/polecats/spawn.js';
import { Tmux } from '../src/runtime/tmux.js';
import { median, type BenchRow } from './types.js';
import { rigGit } from '../src/runtime/git.js';
import { LocalRunner } from '../src/runtime/local-runner.js';
import { local } from '../test/support/runner.js';

const FILES = 5_000;
const RUNS = 10;

function git(cwd: string, args: string[]): void {
  execFileSync('git', args, {
    cwd,
    stdio: 'ignore',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'b',
      GIT_AUTHOR_EMAIL: 'b@b',
      GIT_COMMITTER_NAME: 'b',
      GIT_COMMITTER_EMAIL: 'b@b',
    },
  });
}

/**
 * Spawn latency: worktree + state + prompt + tmux session (not agent boot),
 * on a repository of 5,000 files, median of 10 spawns — warm (a ready pool
 * worktree, refilled between spawns outside the timing) and cold (no pool). The agent is the
 * scripted one told to stall, so it does nothing to the worktree meanwhile.
 */
export async function runSpawnBench(): Promise<BenchRow[]> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'ov-bench-spawn-')));
  const socket = `ov-bench-${process.pid}`;
  const saved = {
    socket: process.env.OVERSEER_TMUX_SOCKET,
    behaviour: process.env.OVERSEER_SCRIPTED_BEHAVIOUR,
  };
  process.env.OVERSEER_TMUX_SOCKET = socket;
  process.env.OVERSEER_SCRIPTED_BEHAVIOUR = 'stall';
  const tmux = new Tmux({ socket, runner: local });
  try {
    const seed = join(dir, 'seed');
    for (let i = 0; i < FILES; i++) {
      const sub = join(seed, 'src', `m${Math.floor(i / 100)}`);
      if (i % 100 === 0) mkdirSync(sub, { recursive: true });
      writeFileSync(join(sub, `f${i}.ts`), `export const v${i} = ${i};\n`);
    }
    git(seed, ['init', '--quiet', '--initial-branch=main']);
    git(seed, ['add', '-A']);
    git(seed, ['commit', '--quiet', '-m', 'seed']);
    git(dir, ['clone', '--quiet', '--bare', seed, join(dir, 'origin.git')]);
    execFileSync('sync'); // let the 15,000 files just written settle before timing anything
    const town = installTown({ dir: join(dir, 'town'), name: 'bench' });
    await addRig(
      town,
      { name: 'big', source: join(dir, 'origin.git'), maxWorkers: 2 * RUNS + 1 },
      rigGit(new LocalRunner()),
    );
    execFileSync('sync');
    // Baseline: git's own checkout of the same tree, what any spawn must at least pay.
    const clone = town.rigPaths('big').canonicalClone;
    const baseline: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      git(clone, ['worktree', 'add', '--quiet', '-b', `baseline-${i}`, join(dir, `baseline-${i}`), 'main']);
      baseline.push(performance.now() - t0);
      git(clone, ['worktree', 'remove', '--force', join(dir, `baseline-${i}`)]);
    }
    const rigConfig = town.rigPaths('big').config;
    const setWarm = (n: number) =>
      writeFileSync(
        rigConfig,
        JSON.stringify({ ...(JSON.parse(readFileSync(rigConfig, 'utf8')) as object), warm_worktrees: n }),
      );
    const spawnOnce = async (label: string) => {
      const issue = await createIssue(town, 'big', { title: `bench ${label}` });
      const t0 = performance.now();
      const r = await spawnPolecat(town, { issue: issue.id, agent: 'scripted', tmux });
      return { ms: performance.now() - t0, r };
    };

    // Cold: no pool (warm_worktrees 0), every spawn checks out all files.
    setWarm(0);
    const cold: number[] = [];
    const overhead: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const { ms: t, r } = await spawnOnce(`cold ${i}`);
      if (r.warm) throw new Error('cold spawn took a warm worktree');
      cold.push(t);
      overhead.push(r.timings.total - r.timings.worktree);
    }

    // Warm: one ready worktree; refilled between spawns, outside the timing (as the background refill does).
    setWarm(1);
    const warm: number[] = [];
    const refills: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await refillPool(local, town.rigPaths('big'), town.rig('big'));
      refills.push(performance.now() - t0);
      execFileSync('sync');
      const { ms: t, r } = await spawnOnce(`warm ${i}`);
      if (!r.warm) throw new Error('warm spawn did not take the pool worktree');
      warm.push(t);
    }
    const warmMedian = Math.round(median(warm));
    return [
      {
        group: 'spawn',
        ok: warmMedian < 500,
        name: `spawn latency, warm pool (worktree + tmux session, ${FILES} files, median of ${RUNS})`,
        value: warmMedian,
        unit: 'ms',
        aim: '< 500 ms',
      },
      {
        group: 'spawn',
        name: `spawn latency, warm pool, slowest of ${RUNS}`,
        value: Math.round(Math.max(...warm)),
        unit: 'ms',
      },
      {
        group: 'spawn',
        name: `spawn latency, cold (no pool: full checkout, median of ${RUNS})`,
        value: Math.round(median(cold)),
        unit: 'ms',
      },
      {
        group: 'spawn',
        name: `spawn latency, cold, slowest of ${RUNS}`,
        value: Math.round(Math.max(...cold)),
        unit: 'ms',
      },
      {
        group: 'spawn',
        name: `cold spawn overhead beyond git's checkout (median of ${RUNS})`,
        value: Math.round(median(overhead)),
        unit: 'ms',
      },
      {
        group: 'spawn',
        name: `pool refill of one worktree, off the spawn's clock (median of ${RUNS})`,
        value: Math.round(median(refills)),
        unit: 'ms',
      },
      {
        group: 'spawn',
        name: `git worktree add alone, same repo (baseline, median of 3)`,
        value: Math.round(median(baseline)),
        unit: 'ms',
      },
    ];
  } finally {
    await tmux.killServer().catch(() => undefined);
    if (saved.socket === undefined) delete process.env.OVERSEER_TMUX_SOCKET;
    else process.env.OVERSEER_TMUX_SOCKET = saved.socket;
    if (saved.behaviour === undefined) delete process.env.OVERSEER_SCRIPTED_BEHAVIOUR;
    else process.env.OVERSEER_SCRIPTED_BEHAVIOUR = saved.behaviour;
    rmSync(dir, { recursive: true, force: true });
  }
}
