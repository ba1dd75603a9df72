import { OverseerError } from '../../core/errors.js';
import { nowIso } from '../../core/time.js';
import { readJob, writeJob } from '../../town/offload-jobs.js';
import type { OffloadJob } from '../../town/schemas/offload.js';
import type { Town } from '../../town/town.js';
import { offloadHost } from './host.js';
import { queryJob } from './remote.js';

/**
 * Bring the job's commits home: when its worktree's head is not the target,
 * the job branch is fetched from the outpost's mirror into the canonical
 * clone as `offload/JOB` (never onto a polecat's or main's branch: the
 * operator lands it, e.g. `git merge --ff-only offload/JOB`). Undefined when
 * there was nothing to fetch.
 */
export async function fetchHome(town: Town, job: OffloadJob): Promise<OffloadJob | undefined> {
  const h = offloadHost(town, job.outpost);
  const a = await queryJob(h, job);
  if (!a.head || a.head === job.target.sha) return undefined;
  if (a.head === job.fetched?.sha) return job;
  const sha = await h.fetchHome(job);
  if (sha !== a.head)
    throw new OverseerError(
      'offload-fetch',
      `job ${job.id}: fetched ${sha.slice(0, 10)} but its worktree's head is ${a.head.slice(0, 10)} (uncommitted on the branch?)`,
    );
  const next: OffloadJob = {
    ...(readJob(town.rigPaths(job.rig), job.id) ?? job),
    fetched: { sha, branch: job.branch, at: nowIso() },
  };
  writeJob(town.rigPaths(job.rig), next);
  return next;
}
