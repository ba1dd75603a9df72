import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobView } from '../../src/polecats/offload/job.js';
import { Tmux } from '../../src/runtime/tmux.js';
import { listRigJobs, readJob } from '../../src/town/offload-jobs.js';
import { execa } from 'execa';
import { OVERSEER_BIN, ov } from '../support/cli.js';
import { local } from '../support/runner.js';
import { git, makeTown, type TownFixture, waitFor } from '../support/town-fixture.js';

vi.setConfig({ testTimeout: 120_000 });

let fx: TownFixture | undefined;
afterEach(async () => {
  if (fx) await new Tmux({ socket: `${fx.socket}-offload`, runner: local }).killServer().catch(() => false);
  await fx?.cleanup();
  fx = undefined;
});

/** A town whose rig config holds `offload`; the env its CLI calls need. */
async function offloadTown(offload: object) {
  fx = await makeTown();
  const f = fx;
  const file = f.town.rigPaths('web').config;
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), offload }, null, 2));
  return { f, env: { OVERSEER_TOWN: f.town.root, OVERSEER_TMUX_SOCKET: f.socket } };
}

/** Processes of this town's offload jobs still running here (task runners, agents). */
function leftovers(dir: string): string[] {
  const ps = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return ps.split('\n').filter((l) => /ov-remote\.js task|scripted-agent/.test(l) && l.includes(dir));
}

describe('offload with no outpost configured: this machine', () => {
  it('ready runs in parallel here; fix goes green; the fix branch is home; clean keeps the work', async () => {
    const { f, env } = await offloadTown({
      playbooks: {
        ready: [
          { name: 'a', run: 'echo A $(date +%s%N); sleep 1; echo A-END $(date +%s%N)' },
          { name: 'b', run: 'echo B $(date +%s%N); sleep 1; echo B-END $(date +%s%N)' },
        ],
        fix: [{ name: 'check', run: 'test ! -e BROKEN' }],
      },
    });

    const ready = await ov(['offload', 'main', 'ready', '--wait', '--json'], { env });
    expect(ready.exitCode).toBe(0);
    expect(ready.stderr).toContain('started on this machine');
    const v = JSON.parse(ready.stdout) as JobView;
    expect(v.outpost).toBe('local');
    expect(v.tasks.map((t) => [t.name, t.state, t.code])).toEqual([
      ['a', 'passed', 0],
      ['b', 'passed', 0],
    ]);
    const job = readJob(f.town.rigPaths('web'), v.id)!;
    expect(job.worktree.startsWith(f.town.rigPaths('web').root)).toBe(true);
    const log = (n: string) => readFileSync(`${job.dir}/tasks/${n}.log`, 'utf8');
    const [as, ae] = [Number(/A (\d+)/.exec(log('a'))![1]), Number(/A-END (\d+)/.exec(log('a'))![1])];
    const [bs, be] = [Number(/B (\d+)/.exec(log('b'))![1]), Number(/B-END (\d+)/.exec(log('b'))![1])];
    expect(as).toBeLessThan(be);
    expect(bs).toBeLessThan(ae);
    const again = await ov(['offload', 'main', 'ready', '--json'], { env });
    expect(again.stderr).toContain('already there');

    // fix: a branch with BROKEN; the scripted agent removes it here.
    const canonical = f.town.rigPaths('web').canonicalClone;
    git(canonical, ['branch', 'broken', 'main']);
    git(canonical, ['worktree', 'add', '-q', `${f.dir}/scratch`, 'broken']);
    writeFileSync(`${f.dir}/scratch/BROKEN`, 'x\n');
    git(`${f.dir}/scratch`, ['add', 'BROKEN']);
    git(`${f.dir}/scratch`, ['-c', 'user.name=t', '-c', 'user.email=t@x', 'commit', '-q', '-m', 'break']);
    git(canonical, ['worktree', 'remove', '--force', `${f.dir}/scratch`]);
    const fix = await ov(['offload', 'broken', 'fix', '--json'], { env });
    expect(fix.exitCode).toBe(0);
    const fv = JSON.parse(fix.stdout) as JobView;
    expect(fv.fix).toMatchObject({ state: 'green', round: 1 });
    const branch = `offload/${fv.id}`;
    expect(git(canonical, ['ls-tree', '--name-only', branch])).not.toContain('BROKEN');

    // clean: the worktrees go; the fix branch (the work) stays; the ready job's branch (no commits) goes.
    const cleaned = await ov(['offload', 'clean', '--all'], { env });
    expect(cleaned.exitCode).toBe(0);
    expect(existsSync(job.worktree)).toBe(false);
    expect(git(canonical, ['branch', '--list', branch]).trim()).not.toBe('');
    expect(git(canonical, ['branch', '--list', job.branch]).trim()).toBe('');
    expect(leftovers(f.dir)).toEqual([]);
    expect(await new Tmux({ socket: `${f.socket}-offload`, runner: local }).hasSession(job.session)).toBe(
      false,
    );
  });

  it('fix: a second run while the loop lives reports it; a check the agent cannot fix gives up after fix_rounds', async () => {
    const { f, env } = await offloadTown({
      playbooks: { fix: [{ name: 'never', run: 'sleep 2; echo "NEVER is missing"; test -e NEVER' }] },
      fix_rounds: 2,
    });
    const first = execa('node', [OVERSEER_BIN, 'offload', 'main', 'fix', '--json'], {
      env: { ...env },
      reject: false,
      stdin: 'ignore',
    });
    const rp = f.town.rigPaths('web');
    const id = await waitFor('the fix loop to start', () => {
      const j = listRigJobs(rp).jobs[0];
      return j?.fix?.pid !== undefined ? j.id : undefined;
    });
    const again = await ov(['offload', 'main', 'fix', '--json'], { env });
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toContain('already there');
    expect(JSON.parse(again.stdout)).toMatchObject({ id, reattached: true });
    const done = await first;
    expect(done.exitCode).toBe(1);
    const v = JSON.parse(String(done.stdout)) as JobView;
    expect(v.fix).toMatchObject({ state: 'gave-up', round: 2 });
    expect(v.fix?.message).toContain('still failing after 2 round(s): never');
    expect(String(done.stderr)).toMatch(/round 1\/2[^]*round 2\/2/);
    expect(v.tasks[0]).toMatchObject({ name: 'never', state: 'failed', code: 1 });
    // The agent found nothing to change: no commit, nothing fetched; the job's branch is the target.
    expect(v.fetched).toBeUndefined();
    expect(git(rp.canonicalClone, ['rev-list', '--count', `main..offload/${id}`]).trim()).toBe('0');
    expect(leftovers(f.dir)).toEqual([]);
  });

  it('bad playbook config is named with its file and field; clean --all leaves a running job alone', async () => {
    fx = await makeTown();
    const f = fx;
    const file = f.town.rigPaths('web').config;
    const config = JSON.parse(readFileSync(file, 'utf8'));
    const env = { OVERSEER_TOWN: f.town.root, OVERSEER_TMUX_SOCKET: f.socket };
    writeFileSync(
      file,
      JSON.stringify({ ...config, offload: { playbooks: { ready: [{ name: 'unit', run: '' }] } } }),
    );
    const bad = await ov(['offload', 'main', 'ready'], { env });
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toContain(file);
    expect(bad.stderr).toContain('offload.playbooks.ready.0.run');
    expect(existsSync(`${f.town.rigPaths('web').runtimeDir}/offload`)).toBe(false);

    writeFileSync(
      file,
      JSON.stringify({ ...config, offload: { playbooks: { slow: [{ name: 'wait', run: 'sleep 30' }] } } }),
    );
    const started = await ov(['offload', 'main', 'slow', '--json'], { env });
    expect(started.exitCode).toBe(0);
    const id = (JSON.parse(started.stdout) as JobView).id;
    const all = await ov(['offload', 'clean', '--all'], { env });
    expect(all.exitCode).toBe(0);
    expect(all.stdout).toContain(`left ${id}: still running`);
    const one = await ov(['offload', 'clean', id], { env });
    expect(one.exitCode).toBe(1);
    expect(one.stdout).toContain('still running');
    expect(readJob(f.town.rigPaths('web'), id)).toBeDefined();
  });

  it('the daemon follows a job here: its record shows each task finish without anyone asking', async () => {
    const { f, env } = await offloadTown({
      playbooks: {
        ready: [
          { name: 'ok', run: 'sleep 1' },
          { name: 'bad', run: 'exit 3' },
        ],
      },
    });
    const started = await ov(['offload', 'main', 'ready', '--json'], { env });
    expect(started.exitCode).toBe(0);
    const id = (JSON.parse(started.stdout) as JobView).id;
    const last = () => readJob(f.town.rigPaths('web'), id)?.last;
    await new Promise((r) => setTimeout(r, 2500));
    expect(last()?.state).not.toBe('failed'); // nobody has asked yet
    expect((await ov(['daemon', '--once'], { env })).exitCode).toBe(0);
    await waitFor('the record to show the finished tasks', () => last()?.state === 'failed', 5_000);
    expect(last()!.tasks.map((t) => [t.name, t.state, t.code])).toEqual([
      ['ok', 'passed', 0],
      ['bad', 'failed', 3],
    ]);
  });

  it('the same command again, in a terminal, puts the operator back into the running job', async () => {
    const { f, env } = await offloadTown({ playbooks: { ready: [{ name: 'slow', run: 'sleep 60' }] } });
    const started = await ov(['offload', 'main', 'ready', '--json'], { env });
    expect(started.exitCode).toBe(0);
    const job = readJob(f.town.rigPaths('web'), (JSON.parse(started.stdout) as JobView).id)!;
    const tmux = (socket: string, args: string[]) => {
      try {
        return execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
      } catch {
        return '';
      }
    };
    const clients = () => tmux(job.socket, ['list-clients', '-F', '#{client_session}']);
    expect(clients()).toBe('');

    // The operator's terminal: a tmux pane (a TTY) where the command is typed again.
    const outer = new Tmux({ socket: `${f.socket}-outer`, runner: local });
    try {
      await outer.newSession({
        name: 'op',
        cwd: f.dir,
        width: 160,
        height: 40,
        env,
        command: ['node', OVERSEER_BIN, 'offload', 'main', 'ready'],
      });
      await waitFor('a client of the job session', () => clients().includes(job.session), 20_000);
      expect(listRigJobs(f.town.rigPaths('web')).jobs).toHaveLength(1);
      expect(
        tmux(`${f.socket}-outer`, ['list-panes', '-s', '-t', 'op', '-F', '#{pane_start_command}']),
      ).toContain(job.session);
    } finally {
      await outer.killServer().catch(() => false);
    }
  });
});
