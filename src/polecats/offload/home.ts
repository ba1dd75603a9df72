import { OverseerError } from '../../core/errors.js';
import { nowIso } from '../../core/time.js';
import { runnerFor, sshRunnerFor } from '../../runtime/hosts.js';
import { readJob, writeJob } from '../../town/offload-jobs.js';
import type { OffloadJob } from '../../town/schemas/offload.js';
import type { Town } from '../../town/town.js';
import { queryJob } from './remote.js';

/**
 * Bring the job's commits home: when its worktree's head is not the target,
 * the job branch is fetched from the outpost's mirror into the canonical
 * clone as `offload/JOB` (never onto a polecat's or main's branch: the
 * operator lands it, e.g. `git merge --ff-only offload/JOB`). Undefined when
 * there was nothing to fetch.
 */
export async function fetchHome(town: Town, job: OffloadJob): Promise<OffloadJob | undefined> {
  const r = sshRunnerFor(town, job.outpost);
  const a = await queryJob(r, job);
  if (!a.head || a.head === job.target.sha) return undefined;
  if (a.head === job.fetched?.sha) return job;
  const canonical = runnerFor(town).git(town.rigPaths(job.rig).canonicalClone);
  await canonical.ok(
    [
      'fetch',
      '--quiet',
      '--no-tags',
      r.gitUrl(r.layout.mirror(job.rig)),
      `+refs/heads/${job.branch}:refs/heads/${job.branch}`,
    ],
    `cannot fetch ${job.branch} from outpost ${r.host}`,
    await r.gitSshEnv(),
  );
  const sha = await canonical.rev(`refs/heads/${job.branch}`);
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
