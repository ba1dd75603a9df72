import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { OverlapOracle } from '../../src/oracle/oracle.js';
import { branchChanges } from '../../src/runtime/branch-diff.js';
import { LocalRunner } from '../../src/runtime/local-runner.js';
import { RefFiles } from '../../src/runtime/ref-files.js';
import { RigPaths } from '../../src/town/paths.js';
import { gitIn } from '../support/git.js';
import { tempDir } from '../support/tmp.js';

const runner = new LocalRunner();
delete process.env.EDITOR;
delete process.env.VISUAL;

const lines = (n: number, tag = 'line') =>
  Array.from({ length: n }, (_, i) => `${tag} ${i + 1}`).join('\n') + '\n';

/** A rig directory whose canonical clone (mayor/rig) is a real repository with branches made by git. */
function rigRepo(): {
  paths: RigPaths;
  repo: string;
  branch: (name: string, edit: (dir: string) => void) => void;
} {
  const root = tempDir('oracle');
  const paths = new RigPaths(join(root, 'web'), 'web');
  const repo = paths.canonicalClone;
  mkdirSync(repo, { recursive: true });
  gitIn(repo, 'init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'cart.ts'), lines(40));
  writeFileSync(join(repo, 'old.ts'), lines(5, 'old'));
  writeFileSync(join(repo, 'keep.ts'), lines(30, 'keep'));
  writeFileSync(join(repo, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]));
  writeFileSync(join(repo, 'with space.txt'), 'a\nb\n');
  gitIn(repo, 'add', '-A');
  gitIn(repo, 'commit', '-qm', 'initial');
  const branch = (name: string, edit: (dir: string) => void) => {
    gitIn(repo, 'checkout', '-q', '-b', name, 'main');
    edit(repo);
    gitIn(repo, 'add', '-A');
    gitIn(repo, 'commit', '-qm', name);
    gitIn(repo, 'checkout', '-q', 'main');
  };
  return { paths, repo, branch };
}

function replaceLines(file: string, from: number, to: number, tag: string): void {
  const ls = readFileSync(file, 'utf8').split('\n');
  for (let i = from; i <= to; i++) ls[i - 1] = `${tag} ${i}`;
  writeFileSync(file, ls.join('\n'));
}

describe('branchChanges (real git)', () => {
  let r: ReturnType<typeof rigRepo>;
  beforeEach(() => {
    r = rigRepo();
  });

  it('reads modified hunks, insertions, additions, deletions, renames, binaries and odd names', async () => {
    r.branch('polecat/nux', (d) => {
      replaceLines(join(d, 'cart.ts'), 10, 12, 'nux');
      const ls = readFileSync(join(d, 'keep.ts'), 'utf8').split('\n');
      ls.splice(20, 0, 'inserted after 20');
      writeFileSync(join(d, 'keep.ts'), ls.join('\n'));
      writeFileSync(join(d, 'new file.ts'), 'x\n');
      rmSync(join(d, 'old.ts'));
      writeFileSync(join(d, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 9, 9, 9]));
      writeFileSync(join(d, 'tab\there "q".txt'), 'odd\n');
      writeFileSync(join(d, 'ünïcode.md'), 'u\n');
    });
    r.branch('polecat/slit', (d) => {
      gitIn(d, 'mv', 'with space.txt', 'renamed space.txt');
      gitIn(d, 'mv', 'keep.ts', 'kept.ts');
      replaceLines(join(d, 'kept.ts'), 2, 2, 'slit');
    });
    const nux = await branchChanges(runner.git(r.repo), 'main', 'polecat/nux');
    const by = new Map(nux.map((f) => [f.path, f]));
    expect(by.get('cart.ts')).toMatchObject({ status: 'modified', hunks: [[10, 3]], added: 3, removed: 3 });
    expect(by.get('keep.ts')).toMatchObject({ status: 'modified', hunks: [[20, 0]], added: 1, removed: 0 });
    expect(by.get('new file.ts')).toMatchObject({ status: 'added', added: 1 });
    expect(by.get('old.ts')).toMatchObject({ status: 'deleted', hunks: [[1, 5]], removed: 5 });
    expect(by.get('logo.png')).toMatchObject({ status: 'modified', binary: true, hunks: [] });
    expect(by.get('tab\there "q".txt')).toMatchObject({ status: 'added' });
    expect(by.get('ünïcode.md')).toMatchObject({ status: 'added' });
    expect(nux).toHaveLength(7);

    const slit = await branchChanges(runner.git(r.repo), 'main', 'polecat/slit');
    const sby = new Map(slit.map((f) => [f.path, f]));
    expect(sby.get('renamed space.txt')).toMatchObject({
      status: 'renamed',
      old_path: 'with space.txt',
      hunks: [],
    });
    expect(sby.get('kept.ts')).toMatchObject({ status: 'renamed', old_path: 'keep.ts', hunks: [[2, 1]] });
  });

  it('diffs from the merge base: main moving on is not the branch’s change', async () => {
    r.branch('polecat/nux', (d) => replaceLines(join(d, 'cart.ts'), 1, 1, 'nux'));
    replaceLines(join(r.repo, 'keep.ts'), 5, 5, 'main moved');
    gitIn(r.repo, 'commit', '-qam', 'main moves');
    const files = await branchChanges(runner.git(r.repo), 'main', 'polecat/nux');
    expect(files.map((f) => f.path)).toEqual(['cart.ts']);
  });
});

describe('RefFiles', () => {
  it('reads loose and packed refs without git, and follows symbolic refs', async () => {
    const r = rigRepo();
    r.branch('polecat/nux', (d) => writeFileSync(join(d, 'a'), '1'));
    const refs = RefFiles.of(runner.git(r.repo));
    const sha = gitIn(r.repo, 'rev-parse', 'polecat/nux');
    const main = gitIn(r.repo, 'rev-parse', 'main');
    expect(
      (await refs.tips(['refs/heads/polecat/nux', 'refs/heads/nope'])).get('refs/heads/polecat/nux'),
    ).toBe(sha);
    gitIn(r.repo, 'pack-refs', '--all');
    expect(existsSync(join(r.repo, '.git/refs/heads/polecat/nux'))).toBe(false);
    const packed = await refs.tips(['refs/heads/polecat/nux', 'refs/heads/main', 'refs/heads/nope']);
    expect([...packed.values()]).toEqual([sha, main, undefined]);
    gitIn(r.repo, 'symbolic-ref', 'refs/heads/alias', 'refs/heads/main');
    expect((await refs.tips(['refs/heads/alias'])).get('refs/heads/alias')).toBe(main);
    expect(refs.gitCalls).toBe(0);
  });
});

describe('OverlapOracle (incremental, real git)', () => {
  it('diffs only moved branches, costs no git call when nothing moved, and persists its report', async () => {
    const r = rigRepo();
    r.branch('polecat/nux', (d) => replaceLines(join(d, 'cart.ts'), 10, 30, 'nux'));
    r.branch('polecat/slit', (d) => replaceLines(join(d, 'cart.ts'), 25, 26, 'slit'));
    r.branch('polecat/toast', (d) => writeFileSync(join(d, 'toast.md'), 't\n'));
    gitIn(r.repo, 'branch', 'polecat/fresh', 'main');
    const tracked = ['nux', 'slit', 'toast', 'fresh', 'ghost'].map((n) => ({
      branch: `polecat/${n}`,
      owner: n,
    }));
    const oracle = new OverlapOracle(r.paths, 'main', runner, { persist: true });

    const first = await oracle.refresh(tracked, Date.parse('2026-01-01T10:00:00Z'));
    expect(first.changed).toBe(true);
    // nux, slit, toast: one diff each; fresh points at main (nothing to diff); ghost does not exist.
    expect(first.gitCalls).toBe(3);
    expect(Object.keys(first.file.branches).sort()).toEqual([
      'polecat/fresh',
      'polecat/nux',
      'polecat/slit',
      'polecat/toast',
    ]);
    expect(first.file.pairs.map((p) => [p.key, p.class, p.summary])).toEqual([
      ['polecat/nux|polecat/slit', 'same-region', 'nux and slit both change cart.ts lines 10–30'],
    ]);

    const idle = await oracle.refresh(tracked, Date.parse('2026-01-01T10:00:05Z'));
    expect(idle).toMatchObject({ changed: false, gitCalls: 0 });

    // slit moves its change to the end of the file: one diff, the pair is reclassified.
    gitIn(r.repo, 'checkout', '-q', 'polecat/slit');
    replaceLines(join(r.repo, 'cart.ts'), 25, 26, 'line');
    replaceLines(join(r.repo, 'cart.ts'), 39, 40, 'slit');
    gitIn(r.repo, 'commit', '-qam', 'slit moves');
    gitIn(r.repo, 'checkout', '-q', 'main');
    const moved = await oracle.refresh(tracked, Date.parse('2026-01-01T10:01:00Z'));
    expect(moved.gitCalls).toBe(1);
    expect(moved.file.pairs.map((p) => p.class)).toEqual(['different-regions']);
    expect(moved.file.pairs[0]!.later).toBe('polecat/slit');

    // The report is on disk; a second oracle (another process) starts from it without diffing.
    const onDisk = JSON.parse(readFileSync(r.paths.oracleFile, 'utf8'));
    expect(onDisk.pairs[0].class).toBe('different-regions');
    const reader = new OverlapOracle(r.paths, 'main', runner);
    expect((await reader.refresh(tracked)).gitCalls).toBe(0);
  });

  it('a branch git cannot diff (no merge base) is a problem once, not a git call every tick', async () => {
    const r = rigRepo();
    gitIn(r.repo, 'checkout', '-q', '--orphan', 'polecat/stray');
    gitIn(r.repo, 'commit', '-qm', 'unrelated history');
    gitIn(r.repo, 'checkout', '-q', '-f', 'main');
    const oracle = new OverlapOracle(r.paths, 'main', runner);
    const tracked = [{ branch: 'polecat/stray', owner: 'stray' }];
    const first = await oracle.refresh(tracked);
    expect(first.gitCalls).toBe(1);
    expect(first.problems[0]).toMatch(/^polecat\/stray: cannot diff/);
    const again = await oracle.refresh(tracked);
    expect(again).toMatchObject({ gitCalls: 0, problems: [] });
  });
});
