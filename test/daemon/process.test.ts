import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { daemonStatus, startDaemon, stopDaemon } from '../../src/daemon/control.js';
import { readHeartbeat, readPid } from '../../src/daemon/heartbeat.js';
import { readAttempts } from '../../src/escalation/attempts.js';
import { isMergeRequest } from '../../src/town/merge-requests.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { readPolecat } from '../../src/town/polecat-state.js';
import { createIssue } from '../../src/town/issues.js';
import { RigConfig } from '../../src/town/schemas/rig.js';
import { BeadsLog } from '../../src/town/beads-log.js';
import type { Bead } from '../../src/town/schemas/bead.js';
import { ov } from '../support/cli.js';
import { waitFor } from '../support/town-fixture.js';
import { daemonTown, FAST_SETTINGS, type DaemonFixture } from '../support/daemon-town.js';
import { local } from '../support/runner.js';

let fx: DaemonFixture | undefined;
let pids: number[] = [];
afterEach(async () => {
  for (const p of pids) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  pids = [];
  await fx?.cleanup();
  fx = undefined;
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the daemon process', () => {
  it('runs detached with a pid file and heartbeat; a second daemon refuses; stop ends it', async () => {
    fx = await daemonTown();
    const f = fx;
    const pid = await startDaemon(local, f.town.paths);
    pids.push(pid);
    expect(readPid(f.town.paths)).toBe(pid);
    await waitFor('a few ticks', () => (readHeartbeat(f.town.paths)?.ticks ?? 0) >= 3);
    const hb = readHeartbeat(f.town.paths)!;
    expect(hb).toMatchObject({ pid, state: 'running', tick_interval_ms: 200 });

    const env = { OVERSEER_TMUX_SOCKET: f.socket };
    const second = await ov(['--town', f.town.root, 'daemon'], { env });
    expect(second.exitCode).not.toBe(0);
    expect(second.stderr).toContain(`a daemon already runs for town ${f.town.root} (pid ${pid}`);
    const detached = await ov(['--town', f.town.root, 'daemon', '--detach'], { env });
    expect(detached.exitCode).not.toBe(0);

    const status = await ov(['--town', f.town.root, 'daemon', 'status'], { env });
    expect(status.stdout).toContain(`daemon: running, pid ${pid}`);
    const stop = await ov(['--town', f.town.root, 'daemon', 'stop'], { env });
    expect(stop.stdout).toContain(`daemon pid ${pid} stopped`);
    expect(alive(pid)).toBe(false);
    expect(readHeartbeat(f.town.paths)!.state).toBe('stopped');
    expect(daemonStatus(local, f.town.paths).running).toBe(false);
    expect((await ov(['--town', f.town.root, 'daemon', 'status'], { env })).stdout).toContain(
      'daemon: not running',
    );
  });

  it(
    'after SIGKILL a new daemon takes over: no duplicate spawn, no lost merge request',
    { timeout: 200_000 },
    async () => {
      fx = await daemonTown({ settings: { ...FAST_SETTINGS, tick_interval: '100ms' } });
      const f = fx;
      const cfgFile = f.town.rigPaths('web').config;
      const cfg = RigConfig.parse(JSON.parse(readFileSync(cfgFile, 'utf8')));
      // Slow tests keep merge requests in `testing` long enough to kill the daemon there.
      writeFileSync(
        cfgFile,
        JSON.stringify({
          ...cfg,
          dispatch: true,
          max_workers: 3,
          worker_spawn_delay: 0,
          test_command: 'sleep 1; true',
        }),
      );
      const issues: Bead[] = [];
      for (let i = 0; i < 3; i++) issues.push(await createIssue(f.town, 'web', { title: `Task ${i}` }));
      const events = () => f.events();
      const beads = new BeadsLog(f.town.rigPaths('web').beads, 'web');
      const mrs = () => [...beads.all().values()].filter(isMergeRequest);

      // Kill 1: in the middle of the dispatcher's spawns.
      let pid = await startDaemon(local, f.town.paths);
      pids.push(pid);
      await waitFor('the first spawn', () => events().some((e) => e.kind === 'polecat.spawned'), 30_000);
      process.kill(pid, 'SIGKILL');
      await waitFor('the daemon to die', () => !alive(pid));

      // Kill 2: while the refinery is testing a merge request.
      pid = await startDaemon(local, f.town.paths);
      pids.push(pid);
      await waitFor('a merge request in testing', () => mrs().some((m) => m.mr.state === 'testing'), 60_000);
      process.kill(pid, 'SIGKILL');
      await waitFor('the daemon to die', () => !alive(pid));
      expect(mrs().some((m) => m.mr.state === 'testing')).toBe(true);

      // A third daemon finishes everything.
      pid = await startDaemon(local, f.town.paths);
      pids.push(pid);
      await waitFor(
        'every issue closed',
        () =>
          issues.every(
            (i) =>
              beads.all().get(i.id)?.status === 'closed' &&
              readAttempts(f.town.rigPaths('web'), i.id).every((a) => a.verdict !== 'running'),
          ),
        90_000,
      );
      await stopDaemon(local, f.town.paths);

      // Exactly one spawn and one attempt per issue; every merge request merged, none left behind.
      const spawned = events()
        .filter((e) => e.kind === 'polecat.spawned')
        .map((e) => e.data?.issue);
      // No issue spawned twice. (A kill between a spawn and its event loses the event, never the
      // spawn: the attempts below show one accepted attempt per issue.)
      expect(new Set(spawned).size).toBe(spawned.length);
      expect(spawned.every((id) => issues.some((i) => i.id === id))).toBe(true);
      for (const i of issues)
        expect(readAttempts(f.town.rigPaths('web'), i.id).map((a) => a.verdict)).toEqual(['accept']);
      const all = mrs();
      expect(all.map((m) => m.mr.source_issue).sort()).toEqual(issues.map((i) => i.id).sort());
      expect(all.every((m) => m.mr.state === 'merged')).toBe(true);
      expect(events().filter((e) => e.kind === 'daemon.started')).toHaveLength(3);
    },
  );

  it('between ticks it reads the agents again every state_interval: a question shows as waiting without a tick', async () => {
    fx = await daemonTown({
      settings: { ...FAST_SETTINGS, tick_interval: '1h', state_interval: '200ms' },
      agents: `version: 1
presets:
  asker:
    command: [sh, -c, 'echo "esc to interrupt"; read line; echo "Do you want to proceed? (y/n)"; exec sleep 600', '{prompt_file}']
    state: { busy: ['esc to interrupt'], waiting: ['Do you want to proceed\\? \\(y/n\\)'], tail_lines: 4 }
`,
    });
    const f = fx;
    const pid = await startDaemon(local, f.town.paths, {
      env: { ...process.env, OVERSEER_TMUX_SOCKET: f.socket },
    });
    pids.push(pid);
    await waitFor('the first tick', () => (readHeartbeat(f.town.paths)?.ticks ?? 0) >= 1);
    const issue = await createIssue(f.town, 'web', { title: 'Ask' });
    const r = await spawnPolecat(f.town, { issue: issue.id, agent: 'asker', tmux: f.tmux });
    const state = () => readPolecat(f.town.rigPaths('web'), r.polecat.name)?.state;
    await waitFor('working', () => state() === 'working', 15_000);
    await f.tmux.sendKeys(r.session, ['go', 'Enter']);
    await waitFor('waiting', () => state() === 'waiting', 15_000);
    expect(readHeartbeat(f.town.paths)!.ticks).toBe(1);
    await stopDaemon(local, f.town.paths);
  });
});
