import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OverlapOracle, type Tracked } from '../src/oracle/oracle.js';
import { gitEnv } from '../src/runtime/git.js';
import { LocalRunner } from '../src/runtime/local-runner.js';
import { RigPaths } from '../src/town/paths.js';
import { type BenchRow, median, ms, percentile } from './types.js';

/**
 * Issue 14's figures: the merge oracle on a 5,000-file repository with 50
 * live branches (each changes three files, one shared with a neighbour, so
 * there are pairs to classify). A full rebuild (no report yet: 50 diffs),
 * the incremental update after one commit on one branch (what the daemon
 * pays on the tick after an agent commits: ref files read, one diff,
 * pairs reclassified, report written), and an idle refresh (no ref moved:
 * no git process at all).
 */

const FILES = 5000;
const BRANCHES = 50;
const RUNS = 15;

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=b', '-c', 'user.email=b@b', ...args], {
    cwd: dir,
    env: gitEnv(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();

const file = (i: number) => `src/m${i % 50}/f${i}.ts`;

function edit(repo: string, i: number, tag: string): void {
  const p = join(repo, file(i));
  const lines = readFileSync(p, 'utf8').split('\n');
  for (let n = 3; n < 8; n++) lines[n] = `export const changed${n} = '${tag}';`;
  writeFileSync(p, lines.join('\n'));
}

export async function runOracleBench(): Promise<BenchRow[]> {
  const root = mkdtempSync(join(tmpdir(), 'ov-bench-oracle-'));
  const g = 'oracle';
  try {
    const paths = new RigPaths(join(root, 'big'), 'big');
    const repo = paths.canonicalClone;
    for (let i = 0; i < FILES; i++) {
      if (i < 50) mkdirSync(join(repo, `src/m${i}`), { recursive: true });
      writeFileSync(join(repo, file(i)), `export const v${i} = ${i};\n`.repeat(20));
    }
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'initial');
    const tracked: Tracked[] = [];
    for (let b = 0; b < BRANCHES; b++) {
      const branch = `polecat/p${b}`;
      git(repo, 'checkout', '-q', '-b', branch, 'main');
      for (const i of [b * 7, b * 7 + 1, (b + 1) * 7]) edit(repo, i, branch);
      git(repo, 'commit', '-qam', `${branch} work`);
      tracked.push({ branch, owner: `p${b}` });
    }
    git(repo, 'checkout', '-q', 'main');
    const runner = new LocalRunner();

    const full: number[] = [];
    let pairs = 0;
    for (let r = 0; r < 5; r++) {
      rmSync(paths.oracleFile, { force: true });
      const oracle = new OverlapOracle(paths, 'main', runner, { persist: true });
      const t = process.hrtime.bigint();
      const res = await oracle.refresh(tracked);
      full.push(ms(t));
      pairs = res.file.pairs.length;
    }

    const oracle = new OverlapOracle(paths, 'main', runner, { persist: true });
    await oracle.refresh(tracked);
    const incr: number[] = [];
    const idle: number[] = [];
    let idleGit = 0;
    let incrGit = 0;
    for (let r = 0; r < RUNS; r++) {
      const b = (r * 13) % BRANCHES;
      git(repo, 'checkout', '-q', `polecat/p${b}`);
      edit(repo, b * 7 + 2, `run ${r}`);
      git(repo, 'commit', '-qam', `p${b} commits again`);
      git(repo, 'checkout', '-q', 'main');
      let t = process.hrtime.bigint();
      const res = await oracle.refresh(tracked);
      incr.push(ms(t));
      incrGit = Math.max(incrGit, res.gitCalls);
      t = process.hrtime.bigint();
      const quiet = await oracle.refresh(tracked);
      idle.push(ms(t));
      idleGit += quiet.gitCalls;
    }
    const incrMedian = median(incr);
    return [
      {
        group: g,
        name: `incremental update after one commit (${BRANCHES} branches, ${FILES} files), median`,
        value: incrMedian,
        unit: 'ms',
        aim: '< 200 ms',
        ok: incrMedian < 200,
      },
      { group: g, name: 'incremental update, p95', value: percentile(incr, 95), unit: 'ms' },
      { group: g, name: 'incremental update: git processes', value: incrGit, unit: 'count', aim: '1' },
      {
        group: g,
        name: `full rebuild (${BRANCHES} diffs, ${pairs} overlapping pairs), median`,
        value: median(full),
        unit: 'ms',
      },
      { group: g, name: 'idle refresh (no ref moved), median', value: median(idle), unit: 'ms' },
      {
        group: g,
        name: `idle refresh: git processes in ${RUNS} refreshes`,
        value: idleGit,
        unit: 'count',
        aim: '0',
        ok: idleGit === 0,
      },
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
