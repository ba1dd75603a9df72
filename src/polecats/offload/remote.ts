import { errorMessage } from '../../core/errors.js';
import { runnerFor } from '../../runtime/hosts.js';
import { filesOf } from '../../runtime/host-files.js';
import type { OffloadAnswer, OffloadQuery } from '../../runtime/remote/offload.js';
import type { SshRunner } from '../../runtime/ssh/ssh-runner.js';
import { tmuxCall } from '../../runtime/town-tmux.js';
import { addWorktree, deleteBranch, removeWorktree } from '../../runtime/worktree.js';
import type { OffloadJob } from '../../town/schemas/offload.js';
import type { Town } from '../../town/town.js';
import { ensureMirror } from '../outpost/mirror.js';

/** Where the job's target commit is kept in the outpost's mirror (not a branch: nothing lists or lands it). */
export function baseRef(job: Pick<OffloadJob, 'id'>): string {
  return `refs/ov-offload/${job.id}`;
}

function tmuxOf(r: SshRunner, job: OffloadJob) {
  return r.tmux({ socket: job.socket });
}

/** What the helper reads for a job: its task files, its session, its worktree (and log ends when asked). */
export function jobQuery(r: SshRunner, job: OffloadJob, tails: string[] = []): OffloadQuery {
  return {
    dir: job.dir,
    worktree: job.worktree,
    tasks: job.tasks.map((t) => t.name),
    tmux: { socket: r.layout.tmuxSocket(job.socket), session: job.session },
    tails,
  };
}

/** The one round trip per job: task status files, the session, the worktree's head (and log ends when asked). */
export async function queryJob(r: SshRunner, job: OffloadJob, tails: string[] = []): Promise<OffloadAnswer> {
  return r.helper<OffloadAnswer>('offload', jobQuery(r, job, tails));
}

/**
 * Start tasks, each in its own window of the job's session: the helper's
 * `task` runs the task's line with `sh -c` in the worktree, its output to
 * the window and its log, its exit code to its status file. A rerun first
 * removes the task's old status (its log is rewritten).
 */
export async function launchTasks(r: SshRunner, job: OffloadJob, names: string[], round = 0): Promise<void> {
  const info = await r.hostInfo();
  const files = filesOf(r);
  const tasks = job.tasks.filter((t) => names.includes(t.name));
  for (const t of tasks) {
    const base = `${job.dir}/tasks/${t.name}`;
    await files.writeFile(
      `${base}.json`,
      JSON.stringify({
        name: t.name,
        line: t.run,
        cwd: job.worktree,
        log: `${base}.log`,
        status: `${base}.status`,
      }),
    );
  }
  if (round > 0)
    await r.run('rm', [
      '-f',
      '--',
      ...tasks.flatMap((t) => [
        `${job.dir}/tasks/${t.name}.status`,
        `${job.dir}/tasks/${t.name}.status.start`,
      ]),
    ]);
  const tmux = tmuxOf(r, job);
  for (const t of tasks)
    await tmuxCall(() =>
      tmux.newWindow({
        target: `=${job.session}:`,
        name: round > 0 ? `${t.name}-r${round}` : t.name,
        cwd: job.worktree,
        detached: true,
        command: [
          info.node ?? 'node',
          `${info.helper}/ov-remote.js`,
          'task',
          `${job.dir}/tasks/${t.name}.json`,
        ],
      }),
    );
}

/**
 * A fresh worktree for the job on the outpost (the target commit pushed into
 * the mirror over the shared connection), and the job's session: a shell in
 * the worktree (what `offload open` lands in), then one window per task.
 */
export async function provision(
  town: Town,
  r: SshRunner,
  job: OffloadJob,
  defaultBranch: string,
): Promise<void> {
  const canonical = runnerFor(town).git(town.rigPaths(job.rig).canonicalClone);
  const mirror = await ensureMirror(r, job.rig, defaultBranch);
  await canonical.ok(
    ['push', '--quiet', '--force', r.gitUrl(mirror.dir), `${job.target.sha}:${baseRef(job)}`],
    `cannot push ${job.target.sha.slice(0, 10)} to outpost ${r.host}`,
    await r.gitSshEnv(),
  );
  await addWorktree(mirror, job.worktree, job.branch, job.target.sha);
  const tmux = tmuxOf(r, job);
  await tmuxCall(() =>
    tmux.newSession({
      name: job.session,
      cwd: job.worktree,
      // A login shell for the operator (fixed text; no job data in it).
      command: ['sh', '-c', 'exec "${SHELL:-/bin/sh}"'],
      env: { OVERSEER_OFFLOAD_JOB: job.id },
    }),
  );
  // This server holds offload jobs only: every window keeps its output after its task ends.
  await tmuxCall(() => tmux.setOption(null, 'remain-on-exit', 'on', 'window'));
  await launchTasks(
    r,
    job,
    job.tasks.map((t) => t.name),
  );
}

/** Remove everything the job has on the outpost: session, worktree, branch, base ref, directory. */
export async function teardown(r: SshRunner, job: OffloadJob): Promise<string[]> {
  const problems: string[] = [];
  const step = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (e) {
      problems.push(`${what}: ${errorMessage(e)}`);
    }
  };
  const tmux = tmuxOf(r, job);
  await step('session', async () => {
    if (await tmux.hasSession(job.session)) await tmux.killSession(job.session);
  });
  const mirror = r.git(r.layout.mirror(job.rig));
  await step('worktree', () => removeWorktree(mirror, job.worktree));
  await step('branch', () => deleteBranch(mirror, job.branch));
  await step('base ref', () => mirror.ok(['update-ref', '-d', baseRef(job)], 'cannot delete the base ref'));
  await step('directory', () => r.run('rm', ['-rf', '--', job.dir]));
  return problems;
}
