import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { overseerBin } from '../../src/core/package-root.js';
import { processQueue } from '../../src/refinery/process.js';
import { readRefineryState, writeCurrent } from '../../src/refinery/state.js';
import { localProcesses } from '../../src/runtime/processes.js';
import { getIssue } from '../../src/town/issues.js';
import { inbox } from '../../src/town/mail.js';
import { listMergeRequests, transitionMergeRequest } from '../../src/town/merge-requests.js';
import { type Fixture, git, makeFixture, waitFor } from '../support/refinery-fixture.js';

const pidAlive = (pid: number) => localProcesses.alive(pid);

let fx: Fixture;
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  fx?.cleanup();
});

beforeAll(() => {
  if (!existsSync(join(overseerBin(), '..', '..', 'dist', 'cli.cjs')))
    throw new Error('run `npm run build` first');
});

function cliEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, OVERSEER_TMUX_SOCKET: fx.socket };
  delete env.EDITOR;
  return env;
}

function cli(...args: string[]) {
  return spawnSync('node', [overseerBin(), '--town', fx.town.root, ...args], {
    env: cliEnv(),
    encoding: 'utf8',
  });
}

function startRefinery(): ChildProcess {
  const child = spawn('node', [overseerBin(), '--town', fx.town.root, 'refinery', 'process', fx.rig], {
    env: cliEnv(),
    stdio: 'ignore',
  });
  children.push(child);
  return child;
}

const exited = (c: ChildProcess) =>
  new Promise<void>((res) =>
    c.exitCode !== null || c.signalCode !== null ? res() : c.once('exit', () => res()),
  );

describe('refinery crash safety', () => {
  it('killed with SIGKILL during the test run, then restarted: lands exactly once', async () => {
    fx = await makeFixture();
    const started = join(fx.root, 'started');
    // First run: blocks forever in the tests. Later runs: pass at once.
    fx.configure({
      test_command: `if [ -f ${started} ]; then exit 0; fi; touch ${started}; while true; do sleep 0.1; done`,
    });
    fx.polecat('nux', { 'a.txt': 'crash-proof\n' }, { message: 'nux: crash-proof change' });
    const { mr, issue } = await fx.submit('nux');
    const mainBefore = fx.originMain();

    const first = startRefinery();
    await waitFor(() => existsSync(started), 20_000);
    await waitFor(() => readRefineryState(fx.town.rigPaths(fx.rig)).current?.test_pgid !== undefined);
    const inFlight = readRefineryState(fx.town.rigPaths(fx.rig)).current!;
    expect(inFlight).toMatchObject({ mr: mr.id, step: 'test', pid: first.pid });

    // A second refinery for the same rig refuses while the first holds the lock.
    const second = cli('refinery', 'process', fx.rig);
    expect(second.status).not.toBe(0);
    expect(second.stderr).toContain(`the refinery of rig web is busy (pid ${first.pid})`);

    first.kill('SIGKILL');
    await exited(first);
    const orphan = Number(inFlight.test_pgid);
    expect(pidAlive(orphan)).toBe(true); // the test command outlived the refinery
    expect(fx.originMain()).toBe(mainBefore);
    expect(listMergeRequests(fx.town, fx.rig)[0]!.mr.state).toBe('testing');

    const again = startRefinery();
    await exited(again);
    expect(again.exitCode).toBe(0);

    expect(fx.originLog().filter((s) => s === 'nux: crash-proof change')).toHaveLength(1);
    expect(fx.originLog()).toEqual(['nux: crash-proof change', 'initial']);
    const m = listMergeRequests(fx.town, fx.rig)[0]!;
    expect(m.mr.state).toBe('merged');
    expect(m.mr.history.map((h) => h.state)).toEqual(['queued', 'testing', 'queued', 'testing', 'merged']);
    expect(m.mr.history[2]!.reason).toBe(`refinery pid ${first.pid} stopped during test; requeued`);
    expect(getIssue(fx.town, issue).status).toBe('closed');
    expect(inbox(fx.town, 'web/witness')).toHaveLength(1);
    await waitFor(() => !pidAlive(orphan)); // recovery killed the orphaned test command
    expect(readRefineryState(fx.town.rigPaths(fx.rig)).current).toBeUndefined();

    // A third run has nothing to do and changes nothing.
    const third = cli('refinery', 'process', fx.rig);
    expect(third.stdout).toContain('nothing to process in web');
    expect(fx.originLog()).toHaveLength(2);
    const list = cli('mq', 'list', 'web', '--all');
    expect(list.stdout).toMatch(new RegExp(`${mr.id}\\s+web\\s+merged`));
  });

  it('killed after the push but before recording it: the next run marks it merged, not merged twice', async () => {
    fx = await makeFixture();
    fx.polecat('nux', { 'a.txt': 'pushed\n' }, { message: 'nux: pushed' });
    const { mr, issue } = await fx.submit('nux');
    const paths = fx.town.rigPaths(fx.rig);
    // Do by hand what a refinery did before dying: testing, rebased, pushed.
    await transitionMergeRequest(fx.town, mr.id, 'testing', 'picked up by the refinery (pid 1)');
    const clone = paths.refineryClone;
    git(clone, 'remote', 'add', 'mayor', paths.canonicalClone);
    git(clone, 'fetch', '-q', 'mayor', '+refs/heads/polecat/nux:refs/remotes/mayor/polecat/nux');
    const base = git(clone, 'rev-parse', 'origin/main');
    const tip = git(clone, 'rev-parse', 'mayor/polecat/nux');
    git(clone, 'push', '-q', 'origin', `${tip}:refs/heads/main`);
    const dead = spawnSync('true').pid!;
    await writeCurrent(paths, {
      mr: mr.id,
      step: 'push',
      started_at: new Date().toISOString(),
      pid: dead,
      base,
      tip,
      candidate: tip,
    });

    const run = await processQueue(fx.town, fx.rig);

    expect(run.recovered.map((r) => [r.mr, r.outcome])).toEqual([[mr.id, 'merged']]);
    expect(run.processed).toEqual([]);
    expect(fx.originLog()).toEqual(['nux: pushed', 'initial']);
    const m = listMergeRequests(fx.town, fx.rig)[0]!;
    expect(m.mr.history.map((h) => h.state)).toEqual(['queued', 'testing', 'merged']);
    expect(m.mr.history.at(-1)!.reason).toContain(`refinery pid ${dead} stopped during push, after the push`);
    expect(getIssue(fx.town, issue).status).toBe('closed');
    expect(readFileSync(paths.refineryState, 'utf8')).not.toContain('"current"');
  });

  it('a request found in testing with no refinery record is requeued and lands once', async () => {
    fx = await makeFixture();
    fx.polecat('nux', { 'a.txt': 'orphan\n' }, { message: 'nux: orphan' });
    const { mr } = await fx.submit('nux');
    await transitionMergeRequest(fx.town, mr.id, 'testing', 'picked up by the refinery (pid 1)');
    const run = await processQueue(fx.town, fx.rig);
    expect(run.recovered.map((r) => r.outcome)).toEqual(['requeued']);
    expect(run.processed.map((r) => r.outcome)).toEqual(['merged']);
    expect(fx.originLog()).toEqual(['nux: orphan', 'initial']);
  });
});
