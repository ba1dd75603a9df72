import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processQueue } from '../../src/refinery/process.js';
import { rejectMergeRequest, retryMergeRequest } from '../../src/refinery/queue-ops.js';
import { readRefineryState } from '../../src/refinery/state.js';
import { getIssue } from '../../src/town/issues.js';
import { inbox } from '../../src/town/mail.js';
import { listMergeRequests } from '../../src/town/merge-requests.js';
import {
  type Fixture,
  capture,
  git,
  makeFixture,
  startSession,
  waitFor,
} from '../support/refinery-fixture.js';

let fx: Fixture;
afterEach(() => fx?.cleanup());

const mrState = (id: string) => listMergeRequests(fx.town, fx.rig).find((m) => m.id === id)!;

describe('refinery process', () => {
  it('lands two polecats that changed different files: main has both commits', async () => {
    fx = await makeFixture();
    fx.polecat('nux', { 'a.txt': 'alpha by nux\n' }, { message: 'nux: alpha' });
    fx.polecat('toast', { 'b.txt': 'beta by toast\n' }, { message: 'toast: beta' });
    const one = await fx.submit('nux');
    const two = await fx.submit('toast');

    const run = await processQueue(fx.town, fx.rig);

    expect(run.processed.map((r) => [r.mr, r.outcome])).toEqual([
      [one.mr.id, 'merged'],
      [two.mr.id, 'merged'],
    ]);
    expect(fx.originLog()).toEqual(['toast: beta', 'nux: alpha', 'initial']);
    expect(git(fx.origin, 'show', 'main:a.txt')).toBe('alpha by nux');
    expect(git(fx.origin, 'show', 'main:b.txt')).toBe('beta by toast');
    for (const x of [one, two]) {
      expect(mrState(x.mr.id).mr.state).toBe('merged');
      expect(mrState(x.mr.id).mr.merged_commit).toMatch(/^[0-9a-f]{40}$/);
      expect(getIssue(fx.town, x.issue).status).toBe('closed');
    }
    // The history records when and why.
    expect(mrState(two.mr.id).mr.history.map((h) => h.state)).toEqual(['queued', 'testing', 'merged']);
    // The witness is told, the canonical clone's main follows the origin.
    const mail = inbox(fx.town, 'web/witness');
    expect(mail.map((m) => m.title).sort()).toEqual(
      [expect.stringContaining('Merged polecat/nux'), expect.stringContaining('Merged polecat/toast')].sort(),
    );
    const canonical = fx.town.rigPaths(fx.rig).canonicalClone;
    expect(git(canonical, 'rev-parse', 'main')).toBe(fx.originMain());
    expect(readFileSync(join(canonical, 'b.txt'), 'utf8')).toBe('beta by toast\n');
    // Worktrees keep their branch; the polecat's own files are untouched.
    expect(readFileSync(join(fx.town.rigPaths(fx.rig).worktree('nux'), 'a.txt'), 'utf8')).toBe(
      'alpha by nux\n',
    );
    expect(readRefineryState(fx.town.rigPaths(fx.rig)).current).toBeUndefined();
  });

  it('deletes the polecat branch once landed when no worktree holds it', async () => {
    fx = await makeFixture();
    fx.polecat('nux', { 'a.txt': 'x\n' }, { worktree: false });
    await fx.submit('nux');
    await processQueue(fx.town, fx.rig);
    const canonical = fx.town.rigPaths(fx.rig).canonicalClone;
    expect(git(canonical, 'branch', '--list', 'polecat/nux')).toBe('');
  });

  it('two polecats changing the same line: the second ends in conflict with a resolve issue', async () => {
    fx = await makeFixture();
    fx.polecat('nux', { 'shared.txt': 'line one by nux\nline two\n' });
    fx.polecat('toast', { 'shared.txt': 'line one by toast\nline two\n' });
    const one = await fx.submit('nux', 'Fix greeting');
    const two = await fx.submit('toast', 'Improve greeting');

    const run = await processQueue(fx.town, fx.rig);

    expect(run.processed.map((r) => r.outcome)).toEqual(['merged', 'conflict']);
    expect(fx.originLog()).toEqual(['nux: change shared.txt', 'initial']);
    const mr = mrState(two.mr.id);
    expect(mr.mr.state).toBe('conflict');
    expect(mr.mr.conflict_paths).toEqual(['shared.txt']);
    const resolve = getIssue(fx.town, mr.mr.resolve_issue!);
    expect(resolve.title).toBe('Resolve merge conflicts: Improve greeting');
    expect(resolve.issue_type).toBe('task');
    expect(resolve.description).toContain('shared.txt');
    expect(resolve.dependencies).toContainEqual(
      expect.objectContaining({ depends_on_id: two.issue, type: 'discovered-from' }),
    );
    expect(mr.dependencies).toContainEqual(
      expect.objectContaining({ depends_on_id: resolve.id, type: 'blocks' }),
    );
    expect(getIssue(fx.town, two.issue).status).toBe('open');
    expect(inbox(fx.town, 'mayor').map((m) => m.title)).toEqual([
      expect.stringContaining(`Merge conflict in web: ${two.mr.id}`),
    ]);
    expect(getIssue(fx.town, one.issue).status).toBe('closed');

    // Retried while the resolve issue is open: queued but blocked, so nothing happens.
    await retryMergeRequest(fx.town, two.mr.id);
    expect((await processQueue(fx.town, fx.rig)).processed).toEqual([]);
  });

  it('nudges a live polecat on conflict (real tmux session)', async () => {
    fx = await makeFixture();
    fx.polecat('nux', { 'shared.txt': 'A\n' });
    fx.polecat('toast', { 'shared.txt': 'B\n' });
    await fx.submit('nux');
    const two = await fx.submit('toast');
    startSession(fx.socket, 'ov-web-toast');
    await processQueue(fx.town, fx.rig);
    await waitFor(() => capture(fx.socket, 'ov-web-toast').includes(`overseer mq retry ${two.mr.id}`));
    expect(inbox(fx.town, 'web/polecats/toast')[0]!.title).toContain('Merge conflict');
  });

  it('a failing test command leaves main untouched and the request failed with the output', async () => {
    fx = await makeFixture();
    fx.configure({ test_command: 'echo running suite; echo "FAIL: test_greeting" >&2; exit 3' });
    fx.polecat('nux', { 'a.txt': 'broken\n' });
    const { mr, issue } = await fx.submit('nux');
    const mainBefore = fx.originMain();
    const refsBefore = git(fx.origin, 'for-each-ref');

    const run = await processQueue(fx.town, fx.rig);

    expect(run.processed[0]!.outcome).toBe('failed');
    expect(fx.originMain()).toBe(mainBefore);
    expect(git(fx.origin, 'for-each-ref')).toBe(refsBefore);
    const m = mrState(mr.id);
    expect(m.mr.state).toBe('failed');
    expect(m.mr.history.at(-1)!.reason).toBe('tests failed (exit 3)');
    expect(m.mr.test_output_tail).toContain('running suite');
    expect(m.mr.test_output_tail).toContain('FAIL: test_greeting');
    // No session: the polecat is gone, so its issue goes back to open (unassigned).
    expect(getIssue(fx.town, issue).status).toBe('open');
    expect(inbox(fx.town, 'web/polecats/nux')[0]!.description).toContain('FAIL: test_greeting');
  });

  it('tests failing for a live polecat: it is nudged and keeps its issue', async () => {
    fx = await makeFixture();
    fx.configure({ test_command: 'exit 1' });
    fx.polecat('nux', { 'a.txt': 'broken\n' });
    const { mr, issue } = await fx.submit('nux');
    await (
      await import('../../src/town/issues.js')
    ).updateIssue(fx.town, issue, { status: 'in_progress', assignee: 'web/polecats/nux' });
    startSession(fx.socket, 'ov-web-nux');
    await processQueue(fx.town, fx.rig);
    await waitFor(() => capture(fx.socket, 'ov-web-nux').includes(`tests failed (exit 1) for ${mr.id}`));
    expect(getIssue(fx.town, issue).status).toBe('in_progress');
  });

  it('kills the whole test process group on timeout', async () => {
    fx = await makeFixture();
    const pidFile = join(fx.root, 'child.pid');
    fx.configure({ test_command: `sleep 300 & echo $! > ${pidFile}; wait`, test_timeout: 1 });
    fx.polecat('nux', { 'a.txt': 'slow\n' });
    const { mr } = await fx.submit('nux');
    const mainBefore = fx.originMain();
    await processQueue(fx.town, fx.rig);
    const m = mrState(mr.id);
    expect(m.mr.state).toBe('failed');
    expect(m.mr.history.at(-1)!.reason).toBe('tests timed out after 1s');
    expect(m.mr.test_output_tail).toContain('timed out');
    expect(fx.originMain()).toBe(mainBefore);
    const child = Number(readFileSync(pidFile, 'utf8'));
    await waitFor(
      () => !existsSync(`/proc/${child}`) || readFileSync(`/proc/${child}/stat`, 'utf8').includes(') Z'),
    );
  });

  it('merge strategy: lands with a merge commit', async () => {
    fx = await makeFixture();
    fx.configure({ merge_strategy: 'merge' });
    fx.polecat('nux', { 'a.txt': 'merged\n' }, { message: 'nux work' });
    const { mr } = await fx.submit('nux');
    await processQueue(fx.town, fx.rig);
    expect(fx.originLog()[0]).toBe(`Merge polecat/nux (${mr.id}): work of nux`);
    expect(git(fx.origin, 'rev-list', '--parents', '-n1', 'main').split(' ')).toHaveLength(3);
  });

  it('processes by priority then age; --once takes one', async () => {
    fx = await makeFixture();
    fx.polecat('nux', { 'a.txt': '1\n' });
    fx.polecat('toast', { 'b.txt': '2\n' });
    const low = await fx.submit('nux');
    const { createMergeRequest } = await import('../../src/town/merge-requests.js');
    const { createIssue } = await import('../../src/town/issues.js');
    const urgent = await createIssue(fx.town, fx.rig, { title: 'urgent', priority: 0 });
    const high = await createMergeRequest(fx.town, {
      rig: fx.rig,
      branch: 'polecat/toast',
      sourceIssue: urgent.id,
      worker: 'toast',
    });
    const run = await processQueue(fx.town, fx.rig, { once: true });
    expect(run.processed.map((r) => r.mr)).toEqual([high.id]);
    expect(mrState(low.mr.id).mr.state).toBe('queued');
  });

  it('retry and reject record their transitions; reject refuses a merged request', async () => {
    fx = await makeFixture();
    fx.configure({ test_command: 'exit 1' });
    fx.polecat('nux', { 'a.txt': 'x\n' });
    const { mr } = await fx.submit('nux');
    await processQueue(fx.town, fx.rig);
    const retried = await retryMergeRequest(fx.town, mr.id);
    expect(retried.mr.state).toBe('queued');
    expect(retried.mr.history.at(-1)!.reason).toBe('retry requested by overseer');
    const rejected = await rejectMergeRequest(fx.town, mr.id, 'superseded');
    expect(rejected.mr.state).toBe('rejected');
    expect(rejected.status).toBe('closed');
    expect(rejected.mr.history.map((h) => h.state)).toEqual([
      'queued',
      'testing',
      'failed',
      'queued',
      'rejected',
    ]);
    await expect(retryMergeRequest(fx.town, 'web-zzzz')).rejects.toThrow(/no merge request/);
    fx.configure({ test_command: '' });
    await retryMergeRequest(fx.town, mr.id);
    await processQueue(fx.town, fx.rig);
    await expect(rejectMergeRequest(fx.town, mr.id, 'late')).rejects.toThrow(/is merged/);
  });

  it('requests with a missing branch fail with a reason instead of stopping the queue', async () => {
    fx = await makeFixture();
    const { mr } = await fx.submit('ghost');
    fx.polecat('nux', { 'a.txt': 'x\n' });
    await fx.submit('nux');
    const run = await processQueue(fx.town, fx.rig);
    expect(run.processed.map((r) => r.outcome)).toEqual(['failed', 'merged']);
    expect(mrState(mr.id).mr.history.at(-1)!.reason).toContain('polecat/ghost not found');
  });
});
