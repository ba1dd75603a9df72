import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIssue } from '../src/town/issues.js';
import { installTown } from '../src/town/install.js';
import { addRig } from '../src/town/rigs.js';
import { spawnPolecat } from '../src/polecats/spawn.js';
import { Tmux } from '../src/runtime/tmux.js';
import { median, type BenchRow } from './types.js';

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
 * on a repository of 5,000 files, median of 10 spawns. The agent is the
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
  const tmux = new Tmux({ socket });
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
    await addRig(town, { name: 'big', source: join(dir, 'origin.git'), maxWorkers: RUNS + 1 });
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
    const times: number[] = [];
    const overhead: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const issue = await createIssue(town, 'big', { title: `bench ${i}` });
      const t0 = performance.now();
      const r = await spawnPolecat(town, { issue: issue.id, agent: 'scripted', tmux });
      times.push(performance.now() - t0);
      overhead.push(r.timings.total - r.timings.worktree);
    }
    const spawnMedian = Math.round(median(times));
    return [
      {
        group: 'spawn',
        ok: spawnMedian < 500,
        name: `spawn latency (worktree + tmux session, ${FILES} files, median of ${RUNS})`,
        value: spawnMedian,
        unit: 'ms',
        aim: '< 500 ms',
      },
      {
        group: 'spawn',
        name: `spawn latency, slowest of ${RUNS}`,
        value: Math.round(Math.max(...times)),
        unit: 'ms',
      },
      {
        group: 'spawn',
        name: `spawn overhead beyond git's checkout (median of ${RUNS})`,
        value: Math.round(median(overhead)),
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
