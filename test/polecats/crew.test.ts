import { existsSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureCrewShell } from '../../src/polecats/crew.js';
import { ov, ovJson } from '../support/cli.js';
import { local } from '../support/runner.js';
import { snapshotDir } from '../support/snapshot-dir.js';
import { git, makeTown, waitFor, type TownFixture } from '../support/town-fixture.js';

let fx: TownFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

describe('crew workspaces', () => {
  it("add clones the rig at RIG/crew/NAME sharing the rig's beads; list shows it", async () => {
    fx = await makeTown();
    const root = fx.town.root;
    const add = await ovJson<{ path: string; branch: string }>([
      'crew',
      'add',
      'web',
      'alice',
      '--town',
      root,
    ]);
    const path = join(root, 'web', 'crew', 'alice');
    expect(add).toMatchObject({ path, branch: 'main' });
    expect(git(path, ['rev-parse', '--abbrev-ref', 'HEAD']).trim()).toBe('main');
    expect(readFileSync(join(path, 'README.md'), 'utf8')).toBe('# demo\n');
    // A full clone (its own .git directory), with the origin as its remote.
    expect(existsSync(join(path, '.git', 'HEAD'))).toBe(true);
    expect(git(path, ['remote', 'get-url', 'origin']).trim()).toBe(fx.origin);
    // The beads redirect points at the rig's beads and does not dirty the clone.
    const redirect = readFileSync(join(path, '.beads', 'redirect'), 'utf8').trim();
    expect(resolve(path, redirect)).toBe(join(root, 'web', '.beads'));
    expect(git(path, ['status', '--porcelain']).trim()).toBe('');
    // overseer run inside the clone finds the town and works on the rig's beads.
    const issue = await ovJson<{ id: string }>(['issue', 'create', 'web', '--title', 'From the crew'], {
      cwd: path,
    });
    expect(readFileSync(join(root, 'web', '.beads', 'issues.jsonl'), 'utf8')).toContain(issue.id);

    const list = await ovJson<{ rig: string; name: string; dirty: number; unpushed: number }[]>([
      'crew',
      'list',
      '--town',
      root,
    ]);
    expect(list).toEqual([expect.objectContaining({ rig: 'web', name: 'alice', dirty: 0, unpushed: 0 })]);
    const again = await ov(['crew', 'add', 'web', 'alice', '--town', root]);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });

  it('rm refuses a clone with an unpushed commit (or uncommitted work, or a stash), and removes it once pushed', async () => {
    fx = await makeTown();
    const root = fx.town.root;
    await ovJson(['crew', 'add', 'web', 'bob', '--town', root]);
    const path = join(root, 'web', 'crew', 'bob');
    writeFileSync(join(path, 'idea.txt'), 'my idea\n');
    git(path, ['add', 'idea.txt']);
    git(path, ['commit', '-q', '-m', 'an idea worth keeping']);
    const sha = git(path, ['rev-parse', 'HEAD']).trim();
    // (Checking fetches: git's own FETCH_HEAD may change, nothing else.)
    const noFetchHead = (p: string) => p === '.git/FETCH_HEAD';
    const before = snapshotDir(path, noFetchHead);
    const r = await ov(['crew', 'rm', 'web', 'bob', '--town', root]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('refusing to remove crew workspace web/bob');
    expect(r.stderr).toContain(`unpushed commit ${sha.slice(0, 12)} an idea worth keeping`);
    expect(snapshotDir(path, noFetchHead)).toEqual(before);

    git(path, ['push', '-q', 'origin', 'HEAD:refs/heads/bob-idea']);
    writeFileSync(join(path, 'draft.txt'), 'not committed\n');
    const dirty = await ov(['crew', 'rm', 'web', 'bob', '--town', root]);
    expect(dirty.exitCode).toBe(1);
    expect(dirty.stderr).toContain('uncommitted: ?? draft.txt');
    expect(dirty.stderr).not.toContain('unpushed');
    git(path, ['stash', 'push', '-q', '-u', '-m', 'later']);
    const stashed = await ov(['crew', 'rm', 'web', 'bob', '--town', root]);
    expect(stashed.exitCode).toBe(1);
    expect(stashed.stderr).toMatch(/stash stash@\{0\}/);
    git(path, ['stash', 'drop', '-q']);

    const ok = await ov(['crew', 'rm', 'web', 'bob', '--town', root]);
    expect(ok.stderr).toBe('');
    expect(ok.exitCode).toBe(0);
    expect(existsSync(path)).toBe(false);
  });

  it('a shell in the workspace runs on the town tmux server; rm ends it', async () => {
    fx = await makeTown();
    const f = fx;
    await ovJson(['crew', 'add', 'web', 'cara', '--town', f.town.root]);
    const session = await ensureCrewShell(f.town, local, 'web', 'cara', { tmux: f.tmux });
    expect(session).toBe('ovc-web-cara');
    const path = join(f.town.root, 'web', 'crew', 'cara');
    await waitFor('the shell in the clone', async () => {
      const out = await f.tmux.listSessions();
      return out.some((s) => s.name === session && !s.paneDead);
    });
    // Started again, the same session is reused.
    expect(await ensureCrewShell(f.town, local, 'web', 'cara', { tmux: f.tmux })).toBe(session);
    expect((await f.tmux.listSessions()).filter((s) => s.name === session)).toHaveLength(1);
    await f.tmux.sendLiteral(session, 'pwd > where.txt; exit 0');
    await f.tmux.sendEnter(session);
    await waitFor('pwd', () => existsSync(join(path, 'where.txt')));
    expect(realpathSync(readFileSync(join(path, 'where.txt'), 'utf8').trim())).toBe(realpathSync(path));
    rmSync(join(path, 'where.txt'));
    const r = await ov(['crew', 'rm', 'web', 'cara', '--town', f.town.root]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect((await f.tmux.listSessions()).some((s) => s.name === session)).toBe(false);
  });

  it.each([
    [['crew', 'add', 'web', 'Bad Name'], /invalid crew name/],
    [['crew', 'add', 'nope', 'x'], /unknown rig "nope"/],
    [['crew', 'rm', 'web', 'ghost'], /no crew workspace web\/ghost/],
  ])('%j fails naming the problem and changes nothing', async (args, msg) => {
    fx = await makeTown();
    const before = snapshotDir(
      join(fx.town.root, 'web'),
      (p) => p.startsWith('mayor') || p.startsWith('refinery'),
    );
    const r = await ov([...args, '--town', fx.town.root]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(msg);
    expect(
      snapshotDir(join(fx.town.root, 'web'), (p) => p.startsWith('mayor') || p.startsWith('refinery')),
    ).toEqual(before);
  });
});
