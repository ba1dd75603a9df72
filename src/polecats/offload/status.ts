import { errorMessage } from '../../core/errors.js';
import { offloadHost } from './host.js';
import type { OffloadAnswer } from '../../runtime/remote/offload.js';
import { getJob, listJobs } from '../../town/offload-jobs.js';
import { remember } from './seen.js';
import type { OffloadJob } from '../../town/schemas/offload.js';
import type { Town } from '../../town/town.js';
import { base, type JobView, jobView } from './job.js';
import { queryJob } from './remote.js';

/** One job's view: one SSH round trip to its outpost; an unreachable outpost gives a view saying so. */
export async function jobStatus(town: Town, job: OffloadJob): Promise<JobView & { answer?: OffloadAnswer }> {
  try {
    const answer = await queryJob(offloadHost(town, job.outpost), job);
    const view = jobView(job, answer);
    remember(town, job, view);
    return { ...view, answer };
  } catch (e) {
    return {
      ...base(job),
      state: 'unreachable',
      session: false,
      tasks: job.tasks.map((t) => ({ name: t.name, state: 'waiting' as const })),
      error: errorMessage(e),
    };
  }
}

/** `offload status [JOB]`: the named job (an unknown one is an error), else every job, one round trip each. */
export async function offloadStatus(
  town: Town,
  id?: string,
): Promise<{ jobs: JobView[]; problems: string[] }> {
  if (id !== undefined) {
    const { answer: _a, ...v } = await jobStatus(town, getJob(town, id));
    return { jobs: [v], problems: [] };
  }
  const { jobs, problems } = listJobs(town);
  const views = await Promise.all(
    jobs.map(async (j) => {
      const { answer: _a, ...v } = await jobStatus(town, j);
      return v;
    }),
  );
  return { jobs: views, problems: problems.map((p) => p.message) };
}

/** Wait until no task of the job runs (a status file for each, or the session gone); the last answer. */
export async function waitTasks(
  town: Town,
  job: OffloadJob,
  opts: { timeoutMs: number; pollMs?: number; onTick?: (v: JobView) => void },
): Promise<JobView & { answer?: OffloadAnswer }> {
  const until = Date.now() + opts.timeoutMs;
  for (;;) {
    const v = await jobStatus(town, job);
    opts.onTick?.(v);
    const open = v.tasks.some((t) => t.state === 'running' || t.state === 'waiting');
    if ((!open && v.state !== 'unreachable') || Date.now() > until) return v;
    await new Promise((res) => setTimeout(res, opts.pollMs ?? 1000));
  }
}
