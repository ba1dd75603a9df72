import { errorMessage } from '../../core/errors.js';
import type { OffloadAnswer, OffloadQuery } from '../../runtime/remote/offload.js';
import { tmuxCall } from '../../runtime/town-tmux.js';
import type { OffloadJob } from '../../town/schemas/offload.js';
import type { OffloadHost } from './host.js';

export function tmuxOf(h: OffloadHost, job: Pick<OffloadJob, 'socket'>) {
  return h.runner.tmux({ socket: job.socket });
}

/** What the helper reads for a job: its task files, its session, its worktree (and log ends when asked). */
export function jobQuery(h: OffloadHost, job: OffloadJob, tails: string[] = []): OffloadQuery {
  return {
    dir: job.dir,
    worktree: job.worktree,
    tasks: job.tasks.map((t) => t.name),
    tmux: { ...tmuxOf(h, job).server, session: job.session },
    tails,
  };
}

/** The one round trip per job: task status files, the session, the worktree's head (and log ends when asked). */
export async function queryJob(
  h: OffloadHost,
  job: OffloadJob,
  tails: string[] = [],
): Promise<OffloadAnswer> {
  return h.query(jobQuery(h, job, tails));
}

/**
 * Start tasks, each in its own window of the job's session: the helper's
 * `task` runs the task's line with `sh -c` in the worktree, its output to
 * the window and its log, its exit code to its status file. A rerun first
 * removes the task's old status (its log is rewritten).
 */
export async function launchTasks(
  h: OffloadHost,
  job: OffloadJob,
  names: string[],
  round = 0,
): Promise<void> {
  const info = await h.info();
  const tasks = job.tasks.filter((t) => names.includes(t.name));
  const base = (t: { name: string }) => `${job.dir}/tasks/${t.name}`;
  await h.files({
    write: tasks.map((t) => ({
      path: `${base(t)}.json`,
      text: JSON.stringify({
        name: t.name,
        line: t.run,
        cwd: job.worktree,
        log: `${base(t)}.log`,
        status: `${base(t)}.status`,
      }),
    })),
    ...(round > 0 ? { remove: tasks.flatMap((t) => [`${base(t)}.status`, `${base(t)}.status.start`]) } : {}),
  });
  const tmux = tmuxOf(h, job);
  for (const t of tasks)
    await tmuxCall(() =>
      tmux.newWindow({
        target: `=${job.session}:`,
        name: round > 0 ? `${t.name}-r${round}` : t.name,
        cwd: job.worktree,
        detached: true,
        command: [info.node, `${info.helper}/ov-remote.js`, 'task', `${base(t)}.json`],
      }),
    );
}

/**
 * A fresh worktree for the job on its host, and the job's session: a shell
 * in the worktree (what `offload open` lands in), then one window per task.
 */
export async function provision(h: OffloadHost, job: OffloadJob, defaultBranch: string): Promise<void> {
  await h.addWorktree(job, defaultBranch);
  const tmux = tmuxOf(h, job);
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
    h,
    job,
    job.tasks.map((t) => t.name),
  );
}

/** Remove everything the job has on its host: session, worktree, refs only it needs, directory. */
export async function teardown(h: OffloadHost, job: OffloadJob): Promise<string[]> {
  const problems: string[] = [];
  const step = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (e) {
      problems.push(`${what}: ${errorMessage(e)}`);
    }
  };
  const tmux = tmuxOf(h, job);
  await step('session', async () => {
    if (await tmux.hasSession(job.session)) await tmux.killSession(job.session);
  });
  await step('worktree', () => h.removeWork(job));
  await step('directory', () => h.runner.run('rm', ['-rf', '--', job.dir]));
  return problems;
}
