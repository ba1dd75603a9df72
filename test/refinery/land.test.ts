import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { land, parseTarget, planLanding } from '../../src/refinery/land.js';
import { getIssue } from '../../src/town/issues.js';
import { inbox } from '../../src/town/mail.js';
import { listMergeRequests } from '../../src/town/merge-requests.js';
import { type Fixture, git, makeFixture, startSession } from '../support/refinery-fixture.js';

let fx: Fixture;
afterEach(() => fx?.cleanup());

/**
 * Every file under `dir` (including .git internals) with its content hash and
 * mtime. Object files are compared by content only: they are immutable and
 * content-addressed, and git may refresh an existing object's mtime when a
 * read-only check computes an object that already exists.
 */
function fileSnapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const h = createHash('sha1').update(readFileSync(p)).digest('hex');
        out.set(p, p.includes('/.git/objects/') ? h : `${h} ${statSync(p).mtimeMs}`);
      }
    }
  };
  walk(dir);
  return out;
}

function refs(dir: string): string {
  return (
    git(dir, 'for-each-ref', '--format=%(refname) %(objectname)') + '\nHEAD ' + git(dir, 'rev-parse', 'HEAD')
  );
}

describe('land', () => {
  it('--dry-run prints every step and leaves every ref and file as it was', async () => {
    fx = await makeFixture();
    fx.configure({ test_command: 'true' });
    fx.polecat('nux', { 'a.txt': 'landed\n' });
    const { issue, mr } = await fx.submit('nux');
    const paths = fx.town.rigPaths(fx.rig);
    const repos = [fx.origin, paths.canonicalClone, paths.refineryClone, paths.worktree('nux')];
    const refsBefore = repos.map(refs);
    const filesBefore = fileSnapshot(fx.root);

    const r = await land(fx.town, fx.rig, 'nux', { dryRun: true });

    expect(r.dryRun).toBe(true);
    expect(r.plan.canLand).toBe(true);
    expect(r.plan.steps.map((s) => `${s.status} ${s.id}`)).toEqual([
      'ok session',
      'ok clean',
      'ok commits',
      'ok conflicts',
      'todo fetch',
      'todo integrate',
      'todo test',
      'todo push',
      'todo close',
      'todo mr',
      'todo branch',
      'todo canonical',
      'todo mail',
    ]);
    expect(r.plan.steps.find((s) => s.id === 'close')!.text).toBe(`close issue ${issue}`);
    expect(r.plan.steps.find((s) => s.id === 'mr')!.text).toBe(`mark merge request ${mr.id} merged`);
    expect(repos.map(refs)).toEqual(refsBefore);
    const after = fileSnapshot(fx.root);
    const changed = [...new Set([...after.keys(), ...filesBefore.keys()])].filter(
      (k) => after.get(k) !== filesBefore.get(k),
    );
    expect(changed).toEqual([]);
  });

  it('dry run of a conflicting branch lists the conflicting paths, still changing nothing', async () => {
    fx = await makeFixture();
    fx.polecat('nux', { 'shared.txt': 'nux\n' });
    fx.polecat('toast', { 'shared.txt': 'toast\n' });
    await land(fx.town, fx.rig, 'nux', {});
    const before = fileSnapshot(fx.root);
    const plan = await planLanding(fx.town, fx.rig, 'toast');
    expect(plan.canLand).toBe(false);
    expect(plan.blockers).toEqual(['conflicts with main in: shared.txt']);
    expect(fileSnapshot(fx.root)).toEqual(before);
    await expect(land(fx.town, fx.rig, 'toast', { force: true })).rejects.toThrow(
      /conflicts with main in: shared.txt/,
    );
  });

  it('lands: main gets the commit, the issue and the request are closed, the witness is told', async () => {
    fx = await makeFixture();
    fx.configure({ test_command: 'test -f a.txt' });
    fx.polecat('nux', { 'a.txt': 'landed\n' }, { message: 'nux: land me' });
    const { issue, mr } = await fx.submit('nux');
    const r = await land(fx.town, fx.rig, 'nux');
    expect(r.landed!.sha).toBe(fx.originMain());
    expect(fx.originLog()).toEqual(['nux: land me', 'initial']);
    expect(getIssue(fx.town, issue).status).toBe('closed');
    const m = listMergeRequests(fx.town, fx.rig).find((x) => x.id === mr.id)!;
    expect(m.mr.state).toBe('merged');
    expect(m.mr.history.at(-1)!.reason).toContain('landed directly by the overseer');
    expect(inbox(fx.town, 'web/witness')).toHaveLength(1);
    expect(r.landed!.branch).toBe('checked-out');
  });

  it('refuses while the polecat session is alive or its tree is dirty; --force skips those checks', async () => {
    fx = await makeFixture();
    fx.polecat('nux', { 'a.txt': 'x\n' });
    startSession(fx.socket, 'ov-web-nux');
    writeFileSync(join(fx.town.rigPaths(fx.rig).worktree('nux'), 'scratch.txt'), 'wip\n');
    const main = fx.originMain();
    await expect(land(fx.town, fx.rig, 'nux')).rejects.toThrow(
      /session ov-web-nux is still running; work tree .* has 1 uncommitted change\(s\): scratch.txt/,
    );
    expect(fx.originMain()).toBe(main);
    const r = await land(fx.town, fx.rig, 'nux', { force: true });
    expect(r.plan.steps.filter((s) => s.status === 'skip').map((s) => s.id)).toEqual([
      'session',
      'clean',
      'test',
    ]);
    expect(fx.originMain()).not.toBe(main);
    // Uncommitted work is not landed and is left where it was.
    expect(git(fx.origin, 'ls-tree', '--name-only', 'main')).not.toContain('scratch.txt');
    expect(readFileSync(join(fx.town.rigPaths(fx.rig).worktree('nux'), 'scratch.txt'), 'utf8')).toBe('wip\n');
  });

  it('failing tests stop the landing; --skip-tests lands anyway', async () => {
    fx = await makeFixture();
    fx.configure({ test_command: 'echo nope; exit 1' });
    fx.polecat('nux', { 'a.txt': 'x\n' });
    const main = fx.originMain();
    await expect(land(fx.town, fx.rig, 'nux')).rejects.toThrow(
      /tests failed for polecat\/nux; main unchanged[\s\S]*nope/,
    );
    expect(fx.originMain()).toBe(main);
    await land(fx.town, fx.rig, 'nux', { skipTests: true });
    expect(fx.originMain()).not.toBe(main);
  });

  it('refuses a branch with nothing to land and bad targets', async () => {
    fx = await makeFixture();
    git(fx.town.rigPaths(fx.rig).canonicalClone, 'branch', 'polecat/idle', 'main');
    await expect(land(fx.town, fx.rig, 'idle')).rejects.toThrow(/nothing to land/);
    await expect(land(fx.town, fx.rig, 'ghost')).rejects.toThrow(/branch polecat\/ghost does not exist/);
    expect(() => parseTarget('web')).toThrow(/expected RIG\/POLECAT/);
    expect(() => parseTarget('web/Bad Name')).toThrow(/invalid polecat name/);
    expect(parseTarget('web/polecats/nux')).toEqual({ rig: 'web', polecat: 'nux' });
  });
});
