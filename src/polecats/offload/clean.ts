import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { runnerFor } from '../../runtime/hosts.js';
import { attach, type AttachResult } from '../../runtime/attach.js';
import { tmuxCall } from '../../runtime/town-tmux.js';
import { getJob, listJobs, offloadDir, removeJob } from '../../town/offload-jobs.js';
import type { OffloadJob } from '../../town/schemas/offload.js';
import type { Town } from '../../town/town.js';
import { loadAgentsConfig } from '../../agents/presets.js';
import { OverseerError } from '../../core/errors.js';
import { holdsUnfetched } from './job.js';
import { offloadHost } from './host.js';
import { teardown } from './remote.js';
import { jobStatus } from './status.js';

const RUNNING = 'it is still running';

export type CleanResult = {
  cleaned: string[];
  refused: { id: string; why: string }[];
  /** With --all: jobs still running (not finished, so not candidates). */
  running: string[];
};

/** Why a job may not be cleaned yet, or undefined. Never loses work: unfetched commits and uncommitted changes are refused. */
async function refusal(town: Town, job: OffloadJob): Promise<string | undefined> {
  const v = await jobStatus(town, job);
  if (v.state === 'unreachable') return `outpost ${job.outpost} cannot be reached (${v.error})`;
  const driver = job.fix?.state === 'running' && (await runnerFor(town).processes.alive(job.fix.pid));
  if (v.state === 'running' || driver) return RUNNING;
  if (v.answer?.dirty) return `its worktree on outpost ${job.outpost} has uncommitted changes`;
  if (!offloadHost(town, job.outpost).home && holdsUnfetched(job, v.answer?.head))
    return `its worktree on outpost ${job.outpost} holds commits not fetched home (head ${v.answer!.head!.slice(0, 10)}): run overseer offload fetch ${job.id}`;
  return undefined;
}

/** `offload clean JOB|--all`: remove finished jobs' worktrees, branches and sessions on their outposts, and their records. */
export async function cleanJobs(town: Town, which: { id?: string; all?: boolean }): Promise<CleanResult> {
  const jobs = which.id !== undefined ? [getJob(town, which.id)] : listJobs(town).jobs;
  const out: CleanResult = { cleaned: [], refused: [], running: [] };
  for (const job of jobs) {
    const why = await refusal(town, job);
    if (why === RUNNING && which.id === undefined) {
      out.running.push(job.id);
      continue;
    }
    if (why) {
      out.refused.push({ id: job.id, why });
      continue;
    }
    const problems = await teardown(offloadHost(town, job.outpost), job);
    if (problems.length > 0) {
      out.refused.push({
        id: job.id,
        why: `cleanup on outpost ${job.outpost} failed: ${problems.join('; ')}`,
      });
      continue;
    }
    removeJob(town.rigPaths(job.rig), job.id);
    rmSync(join(offloadDir(town.rigPaths(job.rig)), job.id), { recursive: true, force: true });
    out.cleaned.push(job.id);
  }
  return out;
}

/** `offload open JOB`: the job's session on its outpost (a shell in its worktree, a window per task), beside the cockpit or in this terminal. */
export async function openJob(town: Town, id: string, mode?: 'split' | 'window'): Promise<AttachResult> {
  const job = getJob(town, id);
  const h = offloadHost(town, job.outpost);
  if (!(await h.runner.tmux({ socket: job.socket }).hasSession(job.session)))
    throw new OverseerError(
      'no-session',
      `offload job ${id} has no session on outpost ${job.outpost} any more`,
    );
  const client = h.attachClient(job.socket, job.session);
  const how = mode ?? loadAgentsConfig(town.paths.configDir).attach;
  const o = { socket: job.socket, session: job.session, mode: how, ...(client ? { client } : {}) };
  return tmuxCall(() => attach(runnerFor(town), o));
}
