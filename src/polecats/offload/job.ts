import { OverseerError } from '../../core/errors.js';
import type { OffloadAnswer } from '../../runtime/remote/offload.js';
import type { OffloadConfig, OffloadJob, OffloadTask } from '../../town/schemas/offload.js';

/**
 * An offload job's id: rig, playbook and the target commit. The same target
 * and playbook give the same job, so running the command again finds the
 * running job instead of starting a second one.
 */
export function jobId(rig: string, playbook: string, sha: string): string {
  return `${rig}-${playbook}-${sha.slice(0, 10)}`;
}

/** The playbook's tasks from the rig's config, or an error naming the rig's config file and the playbooks it has. */
export function playbookTasks(
  config: OffloadConfig | undefined,
  playbook: string,
  file: string,
): OffloadTask[] {
  const tasks = config?.playbooks[playbook];
  if (tasks) return tasks;
  const known = Object.keys(config?.playbooks ?? {});
  throw new OverseerError(
    'no-playbook',
    `unknown playbook ${JSON.stringify(playbook)}: ${file} field offload.playbooks ${known.length ? `has ${known.join(', ')}` : 'defines none'}`,
  );
}

export type TaskState = 'running' | 'passed' | 'failed' | 'lost' | 'waiting';

export type TaskView = {
  name: string;
  state: TaskState;
  code?: number;
  duration_ms?: number;
};

export type JobView = {
  id: string;
  rig: string;
  playbook: string;
  outpost: string;
  target: string;
  sha: string;
  state: 'running' | 'passed' | 'failed' | 'unreachable';
  session: boolean;
  head?: string;
  tasks: TaskView[];
  fix?: OffloadJob['fix'];
  fetched?: OffloadJob['fetched'];
  error?: string;
};

/** One task's state from its files: a status file is the end; without one it runs while the session lives. Pure. */
export function taskView(name: string, a: OffloadAnswer): TaskView {
  const f = a.tasks[name] ?? {};
  if (f.code !== undefined)
    return {
      name,
      state: f.code === 0 ? 'passed' : 'failed',
      code: f.code,
      ...(f.started_ms !== undefined && f.ended_ms !== undefined
        ? { duration_ms: Math.max(0, f.ended_ms - f.started_ms) }
        : {}),
    };
  if (!a.session) return { name, state: 'lost' };
  if (f.started_ms === undefined) return { name, state: 'waiting' };
  return { name, state: 'running', duration_ms: Math.max(0, a.now_ms - f.started_ms) };
}

/** The job's view from one answer. Pure. */
export function jobView(job: OffloadJob, a: OffloadAnswer): JobView {
  const tasks = job.tasks.map((t) => taskView(t.name, a));
  const open = tasks.some((t) => t.state === 'running' || t.state === 'waiting');
  const fixing = job.fix?.state === 'running';
  const state = open || fixing ? 'running' : tasks.every((t) => t.state === 'passed') ? 'passed' : 'failed';
  return {
    ...base(job),
    state,
    session: a.session,
    ...(a.head ? { head: a.head } : {}),
    tasks,
  };
}

export function base(job: OffloadJob): Omit<JobView, 'state' | 'session' | 'tasks'> {
  return {
    id: job.id,
    rig: job.rig,
    playbook: job.playbook,
    outpost: job.outpost,
    target: job.target.input,
    sha: job.target.sha,
    ...(job.fix ? { fix: job.fix } : {}),
    ...(job.fetched ? { fetched: job.fetched } : {}),
  };
}

/** Does the job's worktree hold commits the town does not have (not the target, not what was fetched)? Pure. */
export function holdsUnfetched(job: OffloadJob, head: string | undefined): boolean {
  if (head === undefined) return false;
  return head !== job.target.sha && head !== job.fetched?.sha;
}
