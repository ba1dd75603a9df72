import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pickDefaultBranch } from '../../src/town/default-branch.js';
import { ov, ovJson } from '../support/cli.js';
import { gitIn } from '../support/git.js';
import { snapshotDir } from '../support/snapshot-dir.js';
import { tempDir } from '../support/tmp.js';

describe('pickDefaultBranch', () => {
  it.each([
    ['HEAD names a branch that exists', 'dev', ['dev', 'main'], 'dev'],
    ['the only branch', undefined, ['trunk'], 'trunk'],
    ['main among others', undefined, ['dev', 'main'], 'main'],
    ['master among others', undefined, ['dev', 'master'], 'master'],
  ] as const)('%s', (_what, head, branches, want) => {
    expect(pickDefaultBranch(head, branches)).toMatchObject({ ok: true, branch: want });
  });

  it.each([
    ['no branch at all', [], { ok: false, reason: 'empty' }],
    [
      'both main and master',
      ['main', 'master'],
      { ok: false, reason: 'ambiguous', branches: ['main', 'master'] },
    ],
    ['neither main nor master', ['a', 'b'], { ok: false, reason: 'ambiguous', branches: ['a', 'b'] }],
  ] as const)('%s', (_what, branches, want) => {
    expect(pickDefaultBranch(undefined, branches)).toEqual(want);
  });
});

/** `git init --bare` on a machine without init.defaultBranch (HEAD at master), then push `branches`. */
function bareWithDanglingHead(base: string, branches: string[]): string {
  const bare = join(base, 'origin.git');
  execFileSync('git', ['-c', 'init.defaultBranch=master', 'init', '-q', '--bare', bare]);
  const work = join(base, 'work');
  execFileSync('git', ['-c', 'init.defaultBranch=main', 'init', '-q', work]);
  gitIn(work, 'commit', '-q', '--allow-empty', '-m', 'first');
  for (const b of branches) gitIn(work, 'push', '-q', bare, `HEAD:refs/heads/${b}`);
  return bare;
}

describe('rig add from a bare origin whose HEAD names a missing branch', () => {
  it('works from main when main is the only branch', async () => {
    const base = tempDir();
    const bare = bareWithDanglingHead(base, ['main']);
    expect(gitIn(bare, 'symbolic-ref', 'HEAD')).toBe('refs/heads/master');
    const town = join(base, 'town');
    await ovJson(['install', town]);
    const rig = await ovJson<{ default_branch: string }>(['rig', 'add', 'web', bare], { cwd: town });
    expect(rig.default_branch).toBe('main');
    const canonical = join(town, 'web', 'mayor', 'rig');
    expect(gitIn(canonical, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(gitIn(join(town, 'web', 'refinery', 'rig'), 'rev-parse', 'HEAD')).toBe(
      gitIn(bare, 'rev-parse', 'main'),
    );
  });

  it('picks main among other branches', async () => {
    const base = tempDir();
    const bare = bareWithDanglingHead(base, ['dev', 'main']);
    const town = join(base, 'town');
    await ovJson(['install', town]);
    const rig = await ovJson<{ default_branch: string }>(['rig', 'add', 'web', bare], { cwd: town });
    expect(rig.default_branch).toBe('main');
  });

  it('names the branches and asks for --branch when none is the obvious one, changing nothing', async () => {
    const base = tempDir();
    const bare = bareWithDanglingHead(base, ['dev', 'release']);
    const town = join(base, 'town');
    await ovJson(['install', town]);
    const before = snapshotDir(town);
    const r = await ov(['rig', 'add', 'web', bare], { cwd: town });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain('dev, release');
    expect(r.stderr).toContain('--branch');
    expect(r.stderr).not.toMatch(/internal error/);
    expect(snapshotDir(town)).toEqual(before);
    const ok = await ovJson<{ default_branch: string }>(['rig', 'add', 'web', bare, '--branch', 'release'], {
      cwd: town,
    });
    expect(ok.default_branch).toBe('release');
  });
});
