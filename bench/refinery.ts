import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeJsonAtomicSync } from '../src/core/json-file.js';
import { planLanding } from '../src/refinery/land.js';
import type { PolecatNotifier } from '../src/refinery/notifier.js';
import { processQueue } from '../src/refinery/process.js';
import { gitEnv } from '../src/runtime/git.js';
import { installTown } from '../src/town/install.js';
import { createIssue } from '../src/town/issues.js';
import { createMergeRequest } from '../src/town/merge-requests.js';
import { addRig } from '../src/town/rigs.js';
import { type BenchRow, median, ms } from './types.js';
import { rigGit } from '../src/runtime/git.js';
import { LocalRunner } from '../src/runtime/local-runner.js';

/**
 * Issue 4's figure: refinery overhead to land one request on a repository of
 * 5,000 files with a trivial test command (`true`): fetch, conflict check,
 * rebase, test, push, bookkeeping, canonical clone update. Also the dry run
 * of a direct landing (the cockpit's confirm dialog).
 */

const FILES = 5000;
const RUNS = 7;

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd: dir,
    env: gitEnv(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();

/** No tmux in the bench: no polecat is alive. */
const noSessions: PolecatNotifier = { isAlive: async () => false, nudge: async () => undefined };

export async function runRefineryBench(): Promise<BenchRow[]> {
  const root = mkdtempSync(join(tmpdir(), 'ov-bench-refinery-'));
  const g = 'refinery';
  try {
    const seed = join(root, 'seed');
    for (let i = 0; i < FILES; i++) {
      const dir = join(seed, `src/m${i % 50}`);
      if (i < 50) mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `f${i}.ts`), `export const v${i} = ${i};\n`.repeat(20));
    }
    git(seed, 'init', '-q', '-b', 'main');
    git(seed, 'add', '-A');
    git(seed, 'commit', '-qm', 'initial');
    const origin = join(root, 'origin.git');
    git(root, 'clone', '-q', '--bare', seed, origin);
    const town = installTown({ dir: join(root, 'town'), name: 'bench' });
    await addRig(town, { name: 'big', source: origin, prefix: 'big' }, rigGit(new LocalRunner()));
    const paths = town.rigPaths('big');
    const cfg = JSON.parse(readFileSync(paths.config, 'utf8'));
    writeJsonAtomicSync(paths.config, { ...cfg, test_command: 'true' });

    const times: number[] = [];
    const dryRuns: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const name = `p${i}`;
      const wt = paths.worktree(name);
      git(paths.canonicalClone, 'worktree', 'add', '-q', '-b', `polecat/${name}`, wt, 'main');
      writeFileSync(join(wt, `src/m${i}/f${i}.ts`), `export const changed${i} = true;\n`);
      git(wt, 'commit', '-qam', `change ${i}`);
      // Main moves between submissions, so every landing is a real rebase.
      if (i > 0) {
        const other = join(root, `other${i}`);
        git(root, 'clone', '-q', origin, other);
        writeFileSync(
          join(other, `src/m${(4999 - i) % 50}/f${4999 - i}.ts`),
          `export const other${i} = 1;\n`,
        );
        git(other, 'commit', '-qam', `other ${i}`);
        git(other, 'push', '-q', 'origin', 'main');
        rmSync(other, { recursive: true, force: true });
      }
      let t = process.hrtime.bigint();
      await planLanding(town, 'big', name, { notifier: noSessions });
      dryRuns.push(ms(t));
      const issue = await createIssue(town, 'big', { title: `work ${i}` });
      await createMergeRequest(town, {
        rig: 'big',
        branch: `polecat/${name}`,
        sourceIssue: issue.id,
        worker: name,
      });
      t = process.hrtime.bigint();
      const run = await processQueue(town, 'big', { once: true, notifier: noSessions });
      times.push(ms(t));
      if (run.processed[0]?.outcome !== 'merged')
        throw new Error(`run ${i}: ${JSON.stringify(run.processed)}`);
    }
    const m = median(times);
    return [
      {
        group: g,
        name: `process one request, ${FILES}-file repo, test_command true (median of ${RUNS})`,
        value: m,
        unit: 'ms',
        aim: '< 3000 ms',
        ok: m < 3000,
      },
      { group: g, name: 'slowest of those', value: Math.max(...times), unit: 'ms' },
      {
        group: g,
        name: `land --dry-run plan, ${FILES}-file repo (median of ${RUNS})`,
        value: median(dryRuns),
        unit: 'ms',
        aim: '< 1000 ms',
        ok: median(dryRuns) < 1000,
      },
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && /bench[/\\]refinery\.ts$/.test(process.argv[1])) {
  runRefineryBench().then((rows) => {
    for (const r of rows)
      process.stdout.write(`${r.name}: ${r.value.toFixed(1)} ${r.unit}${r.aim ? ` (aim ${r.aim})` : ''}\n`);
  });
}
