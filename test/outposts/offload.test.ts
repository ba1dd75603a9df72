import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { JobView } from '../../src/polecats/offload/job.js';
import { sshRunnerFor } from '../../src/runtime/hosts.js';
import { syncOutpost } from '../../src/polecats/outpost/sync.js';
import { offloadDir, readJob } from '../../src/town/offload-jobs.js';
import { loadOutposts, saveOutposts } from '../../src/town/outposts.js';
import { ov } from '../support/cli.js';
import { outpostSuite } from '../support/outpost-suite.js';
import { sshdAvailable, type TestOutpost } from '../support/sshd.js';
import { git, type TownFixture, waitFor } from '../support/town-fixture.js';
import { local } from '../support/runner.js';
import { Tmux } from '../../src/runtime/tmux.js';

// Real sshd, git, tmux and the scripted agent on a shared 2-core machine: give each step room.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

/** A slow check: stamps its start, waits for the test's go file in the job directory (at least 1 s), stamps its end. */
const STAMP = (n: string) =>
  `echo ${n}-START $(date +%s%N); sleep 1; while [ ! -e ../go ]; do sleep 0.1; done; echo ${n}-END $(date +%s%N)`;

/** The rig's playbooks: `ready` (two slow checks and a failing one), `fix` (the BROKEN check). */
function configure(fx: TownFixture): void {
  const file = fx.town.rigPaths('web').config;
  const config = JSON.parse(readFileSync(file, 'utf8'));
  config.offload = {
    playbooks: {
      ready: [
        { name: 'unit', run: STAMP('unit') },
        { name: 'lint', run: STAMP('lint') },
        { name: 'smoke', run: 'echo smoke broke; exit 3' },
      ],
      fix: [
        { name: 'check', run: 'test ! -e BROKEN || { echo "BROKEN is there"; exit 1; }' },
        { name: 'build', run: 'true' },
      ],
    },
    fix_rounds: 2,
  };
  writeFileSync(file, JSON.stringify(config, null, 2));
}

describe.skipIf(!sshdAvailable)('overseer offload on an outpost', () => {
  let fx: TownFixture;
  let op: TestOutpost;
  let env: Record<string, string>;
  const run = (args: string[]) => ov(args, { env });
  const json = async <T>(args: string[]) => {
    const r = await run([...args, '--json']);
    if (r.stdout.trim() === '') throw new Error(`overseer ${args.join(' ')}: ${r.exitCode} ${r.stderr}`);
    return { ...r, data: JSON.parse(r.stdout) as T };
  };

  outpostSuite(
    (s) => {
      fx = s.fx;
      op = s.op;
      env = { OVERSEER_TOWN: fx.town.root };
    },
    { before: configure },
  );

  /** Offload task processes and agents still running on the outpost for this town. */
  async function remoteProcesses(): Promise<string[]> {
    const r = sshRunnerFor(fx.town, op.name);
    const out = await r.run('sh', [
      '-c',
      'ps -eo pid,args | grep -E "ov-remote.js task|scripted-agent" | grep -v grep || true',
    ]);
    return out.stdout.split('\n').filter((l) => l.includes(op.dir));
  }

  async function windows(session: string, socket: string): Promise<string[]> {
    const r = sshRunnerFor(fx.town, op.name);
    const out = await r.run('tmux', [
      '-S',
      r.layout.tmuxSocket(socket),
      'list-windows',
      '-t',
      `=${session}`,
      '-F',
      '#{window_name}',
    ]);
    return out.stdout.split('\n').filter(Boolean);
  }

  it('ready runs its tasks in parallel in windows of one session; running it again re-attaches', async () => {
    const first = await json<JobView & { reattached: boolean }>(['offload', 'main', 'ready']);
    expect(first.exitCode).toBe(0);
    expect(first.data.reattached).toBe(false);
    expect(first.data.outpost).toBe(op.name);
    const id = first.data.id;
    const job = readJob(fx.town.rigPaths('web'), id)!;
    expect(job.worktree.startsWith(op.dir)).toBe(true);
    // A shell in the worktree (what `offload open` shows first), then one window per task.
    expect((await windows(job.session, job.socket)).slice(1)).toEqual(['unit', 'lint', 'smoke']);

    const r = sshRunnerFor(fx.town, op.name);
    // Again while it runs: the same job, no second set of windows or processes.
    const again = await json<JobView & { reattached: boolean }>(['offload', 'main', 'ready']);
    expect(again.data.reattached).toBe(true);
    expect(again.data.id).toBe(id);
    expect(again.stderr).toContain('already there');
    expect(again.data.tasks.find((t) => t.name === 'unit')?.state).toBe('running');
    expect(await windows(job.session, job.socket)).toHaveLength(4);
    expect((await remoteProcesses()).length).toBe(2);

    // The daemon's tick follows the job on the outpost's one probe: the cockpit's record shows it.
    await syncOutpost(fx.town, op.name);
    expect(readJob(fx.town.rigPaths('web'), id)!.last).toMatchObject({ state: 'running' });
    await r.run('touch', [`${job.dir}/go`]);
    await waitFor('the tick to see the tasks end', async () => {
      await syncOutpost(fx.town, op.name);
      return readJob(fx.town.rigPaths('web'), id)!.last?.state === 'failed' ? true : undefined;
    });
    const waited = await run(['offload', 'main', 'ready', '--wait']);
    expect(waited.exitCode).toBe(1); // smoke fails
    const st = await json<JobView[]>(['offload', 'status', id]);
    const tasks = Object.fromEntries(st.data[0]!.tasks.map((t) => [t.name, t]));
    expect(tasks.unit).toMatchObject({ state: 'passed', code: 0 });
    expect(tasks.lint).toMatchObject({ state: 'passed', code: 0 });
    expect(tasks.smoke).toMatchObject({ state: 'failed', code: 3 });
    expect(tasks.unit!.duration_ms).toBeGreaterThanOrEqual(1000);
    expect(st.data[0]!.state).toBe('failed');
    // What the cockpit shows: the record keeps what the last status saw.
    const seen = readJob(fx.town.rigPaths('web'), id)!.last!;
    expect(seen.state).toBe('failed');
    expect(seen.tasks.map((t) => [t.name, t.state, t.code])).toEqual([
      ['unit', 'passed', 0],
      ['lint', 'passed', 0],
      ['smoke', 'failed', 3],
    ]);

    // Parallel: each slow task started before the other ended (their logs carry the times).
    const stamps = async (n: string) => {
      const log = (await r.run('cat', [`${job.dir}/tasks/${n}.log`])).stdout;
      return [n, Number(/START (\d+)/.exec(log)![1]), Number(/END (\d+)/.exec(log)![1])] as const;
    };
    const [, us, ue] = await stamps('unit');
    const [, ls, le] = await stamps('lint');
    expect(us).toBeLessThan(le);
    expect(ls).toBeLessThan(ue);
    expect((await r.run('cat', [`${job.dir}/tasks/smoke.log`])).stdout).toContain('smoke broke');
    expect((await r.run('cat', [`${job.dir}/tasks/smoke.status`])).stdout.trim()).toBe('3');
    expect(await remoteProcesses()).toEqual([]);

    // Human status names each task's state and exit code.
    const human = await run(['offload', 'status']);
    expect(human.stdout).toMatch(/smoke\s+failed \(exit 3\)/);

    // open: inside the operator's tmux, a pane beside this one becomes an ssh client of the job's session.
    const outerSocket = `${fx.socket}-outer`;
    const outer = new Tmux({ socket: outerSocket, runner: local });
    try {
      await outer.newSession({ name: 'cockpit', cwd: fx.dir, command: ['sleep', '600'] });
      const [tmuxVar, paneId] = execFileSync(
        'tmux',
        ['-L', outerSocket, 'display', '-p', '-t', 'cockpit', '#{socket_path},1,0 #{pane_id}'],
        { encoding: 'utf8' },
      )
        .trim()
        .split(' ');
      const opened = await ov(['offload', 'open', id], { env: { ...env, TMUX: tmuxVar, TMUX_PANE: paneId } });
      expect(opened.exitCode).toBe(0);
      expect(opened.stdout).toContain(`opened offload job ${id}`);
      const sock = r.layout.tmuxSocket(job.socket);
      await waitFor('the remote client', async () => {
        const c = await r.run('tmux', ['-S', sock, 'list-clients', '-F', '#{client_session}']);
        return c.stdout.includes(job.session) ? true : undefined;
      });
    } finally {
      await outer.killServer();
    }

    // clean refuses a commit made in the job's worktree until it is fetched home.
    const wt = r.git(job.worktree);
    await wt.ok(
      ['-c', 'user.name=op', '-c', 'user.email=op@x', 'commit', '--allow-empty', '-q', '-m', 'by hand'],
      'commit',
    );
    const head = await wt.rev('HEAD');
    const refused = await run(['offload', 'clean', id]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout + refused.stderr).toContain('not fetched home');
    expect((await r.run('test', ['-d', job.worktree])).code).toBe(0);
    const fetched = await run(['offload', 'fetch', id]);
    expect(fetched.exitCode).toBe(0);
    expect(git(fx.town.rigPaths('web').canonicalClone, ['rev-parse', job.branch]).trim()).toBe(head);
    const cleaned = await run(['offload', 'clean', id]);
    expect(cleaned.exitCode).toBe(0);
    expect(cleaned.stdout).toContain(`cleaned ${id}`);
    expect((await r.run('test', ['-e', job.dir])).code).not.toBe(0);
    expect(await r.tmux({ socket: job.socket }).hasSession(job.session)).toBe(false);
    expect(readJob(fx.town.rigPaths('web'), id)).toBeUndefined();
  });

  it('fix takes a failing branch to green with the scripted agent and fetches the fix home', async () => {
    const canonical = fx.town.rigPaths('web').canonicalClone;
    const scratch = mkdtempSync(join(tmpdir(), 'ov-broken-'));
    try {
      execFileSync('git', ['clone', '-q', canonical, scratch]);
      writeFileSync(join(scratch, 'BROKEN'), 'broken\n');
      git(scratch, ['add', 'BROKEN']);
      git(scratch, ['-c', 'user.name=t', '-c', 'user.email=t@x', 'commit', '-q', '-m', 'break it']);
      git(scratch, ['push', '-q', canonical, 'HEAD:refs/heads/broken']);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    const broken = git(canonical, ['rev-parse', 'broken']).trim();
    const r = await json<JobView>(['offload', 'broken', 'fix']);
    expect(r.stderr).toContain('round 1/2');
    expect(r.exitCode).toBe(0);
    expect(r.data.fix).toMatchObject({ state: 'green', round: 1 });
    expect(r.data.tasks.map((t) => t.state)).toEqual(['passed', 'passed']);
    const branch = r.data.fetched!.branch;
    expect(branch).toBe(`offload/${r.data.id}`);
    // The fix is home: one commit on top of the broken branch, BROKEN gone.
    expect(git(canonical, ['rev-parse', `${branch}~1`]).trim()).toBe(broken);
    expect(git(canonical, ['ls-tree', '--name-only', branch])).not.toContain('BROKEN');
    expect(await remoteProcesses()).toEqual([]);
    const cleaned = await run(['offload', 'clean', '--all']);
    expect(cleaned.exitCode).toBe(0);
    expect(cleaned.stdout).toContain(`cleaned ${r.data.id}`);
  });

  it('bad input: unknown playbook, unknown target, unreachable outpost — a clear message, non-zero, nothing on disk', async () => {
    const file = loadOutposts(fx.town.paths);
    const dead = { ...file.outposts[0]!, name: 'dead', port: 1 };
    saveOutposts(fx.town.paths, { ...file, outposts: [...file.outposts, dead] });
    const before = existsSync(offloadDir(fx.town.rigPaths('web')))
      ? readdirSync(offloadDir(fx.town.rigPaths('web')))
      : [];

    const playbook = await run(['offload', 'main', 'nope']);
    expect(playbook.exitCode).not.toBe(0);
    expect(playbook.stderr).toContain('unknown playbook "nope"');
    expect(playbook.stderr).toContain('config.json field offload.playbooks has ready, fix');

    const target = await run(['offload', 'no-such-ref', 'ready']);
    expect(target.exitCode).not.toBe(0);
    expect(target.stderr).toContain('unknown target "no-such-ref"');

    const unreachable = await run(['offload', 'main', 'ready', '--outpost', 'dead']);
    expect(unreachable.exitCode).not.toBe(0);
    expect(unreachable.stderr).toMatch(/dead/);

    const unknown = await run(['offload', 'main', 'ready', '--outpost', 'mars']);
    expect(unknown.exitCode).not.toBe(0);
    expect(unknown.stderr).toContain('unknown outpost "mars"');

    const noJob = await run(['offload', 'status', 'web-ready-0000000000']);
    expect(noJob.exitCode).not.toBe(0);
    expect(noJob.stderr).toContain('no offload job');

    const after = existsSync(offloadDir(fx.town.rigPaths('web')))
      ? readdirSync(offloadDir(fx.town.rigPaths('web')))
      : [];
    expect(after).toEqual(before);
    await sshRunnerFor(fx.town, 'dead')
      .close()
      .catch(() => undefined);
    saveOutposts(fx.town.paths, file);
    // Every job was cleaned: no task, agent or offload tmux server is left on the outpost.
    expect(await remoteProcesses()).toEqual([]);
    const r = sshRunnerFor(fx.town, op.name);
    const ls = await r.run('tmux', ['-S', r.layout.tmuxSocket(`${fx.socket}-offload`), 'list-sessions']);
    expect(ls.code).not.toBe(0);
  });
});
