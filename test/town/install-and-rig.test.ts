import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ov, ovJson } from '../support/cli.js';
import { gitIn, makeOrigin } from '../support/git.js';
import { snapshotDir } from '../support/snapshot-dir.js';
import { tempDir } from '../support/tmp.js';

describe('install and rig add', () => {
  it('creates a town and adds a rig from a real local git repository', async () => {
    const base = tempDir();
    const { bare } = makeOrigin(base, { 'README.md': '# hello\n', 'src/app.js': 'console.log(1)\n' });
    const town = join(base, 'town');
    const created = await ovJson<{ root: string; name: string }>(['install', town, '--name', 'gastown']);
    expect(created.name).toBe('gastown');
    const tf = JSON.parse(readFileSync(join(town, 'mayor', 'town.json'), 'utf8'));
    expect(tf).toMatchObject({ type: 'town', version: 1, name: 'gastown' });

    const rig = await ovJson<{ name: string; default_branch: string; beads: { prefix: string } }>(
      ['rig', 'add', 'web', bare, '--prefix', 'web'],
      { cwd: town },
    );
    expect(rig).toMatchObject({ name: 'web', default_branch: 'main', beads: { prefix: 'web' } });
    // Both clones are real checkouts of the origin's main.
    expect(readFileSync(join(town, 'web', 'mayor', 'rig', 'src', 'app.js'), 'utf8')).toContain('console.log');
    expect(gitIn(join(town, 'web', 'refinery', 'rig'), 'rev-parse', 'HEAD')).toBe(
      gitIn(bare, 'rev-parse', 'main'),
    );
    expect(existsSync(join(town, 'web', '.beads', 'issues.jsonl'))).toBe(true);
    const rigs = JSON.parse(readFileSync(join(town, 'mayor', 'rigs.json'), 'utf8'));
    expect(Object.keys(rigs.rigs)).toEqual(['web']);

    const list = await ovJson<{ name: string }[]>(['rig', 'list', '--town', town]);
    expect(list.map((r) => r.name)).toEqual(['web']);
  });

  it.each([['../x'], ['a;b'], [''], ['x'.repeat(41)], ['Web'], ['$(touch pwned)']])(
    'refuses the rig name %j and creates nothing',
    async (bad) => {
      const base = tempDir();
      const { bare } = makeOrigin(base);
      const town = join(base, 'town');
      await ovJson(['install', town]);
      const before = snapshotDir(base);
      const r = await ov(['rig', 'add', bad, bare], { cwd: town });
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toMatch(/invalid rig name/);
      expect(snapshotDir(base)).toEqual(before);
    },
  );

  it('names a missing repository and leaves the town unchanged', async () => {
    const base = tempDir();
    const town = join(base, 'town');
    await ovJson(['install', town]);
    const before = snapshotDir(town);
    const r = await ov(['rig', 'add', 'web', join(base, 'nope.git')], { cwd: town });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(join(base, 'nope.git'));
    expect(snapshotDir(town)).toEqual(before);
  });

  it('cleans up after a clone that fails half way (not a git repository)', async () => {
    const base = tempDir();
    const town = join(base, 'town');
    mkdirSync(join(base, 'notgit'));
    writeFileSync(join(base, 'notgit', 'file'), 'x');
    await ovJson(['install', town]);
    const before = snapshotDir(town);
    const r = await ov(['rig', 'add', 'web', join(base, 'notgit')], { cwd: town });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/cannot clone/);
    expect(snapshotDir(town)).toEqual(before);
    expect(readdirSync(join(town, '.runtime', 'tmp'))).toEqual([]);
  });

  it('refuses a duplicate rig and a prefix already taken', async () => {
    const base = tempDir();
    const { bare } = makeOrigin(base);
    const town = join(base, 'town');
    await ovJson(['install', town]);
    await ovJson(['rig', 'add', 'web', bare], { cwd: town });
    const dup = await ov(['rig', 'add', 'web', bare], { cwd: town });
    expect(dup.exitCode).toBe(1);
    expect(dup.stderr).toMatch(/already exists/);
    const pre = await ov(['rig', 'add', 'web2', bare, '--prefix', 'web'], { cwd: town });
    expect(pre.exitCode).toBe(1);
    expect(pre.stderr).toMatch(/prefix "web" is already used by rig web/);
  });

  it('refuses to install into a non-empty directory or over a town', async () => {
    const base = tempDir();
    writeFileSync(join(base, 'stuff'), 'x');
    const r = await ov(['install', base]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/not empty/);
    const town = join(base, 'town');
    await ovJson(['install', town]);
    const again = await ov(['install', town]);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toMatch(/already a town/);
  });

  it('finds the town from --town, OVERSEER_TOWN or an ancestor, and says how to make one', async () => {
    const base = tempDir();
    const town = join(base, 'town');
    await ovJson(['install', town]);
    mkdirSync(join(town, 'deep', 'er'), { recursive: true });
    expect((await ov(['status'], { cwd: join(town, 'deep', 'er') })).exitCode).toBe(0);
    expect((await ov(['status'], { cwd: base, env: { OVERSEER_TOWN: town } })).exitCode).toBe(0);
    const none = await ov(['status'], { cwd: base });
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toMatch(/no town found/);
    expect(none.stderr).toMatch(/overseer install/);
    const wrong = await ov(['status', '--town', base]);
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stderr).toContain(join(base, 'mayor', 'town.json'));
  });
});
