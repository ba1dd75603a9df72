import { nowIso } from '../../core/time.js';
import type { OffloadAnswer, OffloadQuery } from '../../runtime/remote/offload.js';
import { listJobs, readJob, writeJob } from '../../town/offload-jobs.js';
import type { OffloadJob } from '../../town/schemas/offload.js';
import type { Town } from '../../town/town.js';
import { type JobView, jobView } from './job.js';
import { offloadHost } from './host.js';
import { jobQuery, queryJob } from './remote.js';
import { LOCAL_HOST } from '../../town/outposts.js';

/** Keep what was seen in the job's record when it changed (running tasks without their growing duration). */
export function remember(town: Town, job: OffloadJob, v: JobView): void {
  const tasks = v.tasks.map((t) => (t.state === 'running' ? { name: t.name, state: t.state } : t));
  const rp = town.rigPaths(job.rig);
  const current = readJob(rp, job.id);
  if (!current) return;
  const seen = current.last;
  if (seen && seen.state === v.state && JSON.stringify(seen.tasks) === JSON.stringify(tasks)) return;
  writeJob(rp, { ...current, last: { at: nowIso(), state: v.state, tasks } });
}

/** A job the daemon still follows: never seen finished, or its fix loop runs. */
const unfinished = (j: OffloadJob) =>
  j.fix?.state === 'running' || !j.last || !['passed', 'failed'].includes(j.last.state);

/** The jobs the daemon follows, every host's: read once per tick. */
export function unfinishedJobs(town: Town): OffloadJob[] {
  return listJobs(town).jobs.filter(unfinished);
}

/**
 * The daemon's part: the outpost's unfinished jobs ride on its per-tick
 * probe (no extra round trip); `seen` records what came back, so the
 * cockpit's Offload pane follows them.
 */
export function offloadProbe(
  town: Town,
  outpost: string,
  following: readonly OffloadJob[] = unfinishedJobs(town),
): { queries: OffloadQuery[]; seen: (answers: OffloadAnswer[] | undefined) => void } {
  const jobs = following.filter((j) => j.outpost === outpost);
  const h = offloadHost(town, outpost);
  return {
    queries: jobs.map((j) => jobQuery(h, j)),
    seen: (answers) =>
      jobs.forEach((j, i) => {
        const a = answers?.[i];
        try {
          if (a) remember(town, j, jobView(j, a));
        } catch {
          /* a record gone bad meanwhile: the cockpit names the file */
        }
      }),
  };
}

/**
 * The daemon's part for jobs on this machine: their task files read here
 * each tick (no SSH), so the Offload pane follows them as it follows the
 * outposts' jobs.
 */
export async function followLocalJobs(town: Town, following: readonly OffloadJob[]): Promise<void> {
  const jobs = following.filter((j) => j.outpost === LOCAL_HOST);
  if (jobs.length === 0) return;
  const h = offloadHost(town, LOCAL_HOST);
  for (const j of jobs) {
    try {
      remember(town, j, jobView(j, await queryJob(h, j)));
    } catch {
      /* a record gone bad meanwhile: the cockpit names the file */
    }
  }
}
