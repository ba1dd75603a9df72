import { errorMessage } from '../../core/errors.js';
import { readJob, writeJob } from '../../town/offload-jobs.js';
import type { OffloadJob } from '../../town/schemas/offload.js';
import type { Town } from '../../town/town.js';
import { fixPrompt, runFixAgent } from './fix-agent.js';
import { fetchHome } from './home.js';
import { offloadHost } from './host.js';
import { launchTasks, queryJob } from './remote.js';
import { waitTasks } from './status.js';

function save(town: Town, job: OffloadJob, fix: Partial<NonNullable<OffloadJob['fix']>>): OffloadJob {
  const current = readJob(town.rigPaths(job.rig), job.id) ?? job;
  const next: OffloadJob = { ...current, fix: { ...current.fix!, ...fix } };
  writeJob(town.rigPaths(job.rig), next);
  return next;
}

/**
 * The fix loop, driven from this machine (the tasks and the agent run on the
 * outpost, in tmux, and outlive this process): wait for the tasks; while
 * some fail and rounds are left, start the agent with their output, then
 * rerun the failing ones. Commits the agent made are fetched home at the
 * end (branch offload/JOB in the canonical clone), green or not.
 */
export async function runFixLoop(
  town: Town,
  job0: OffloadJob,
  opts: { say: (line: string) => void; env?: NodeJS.ProcessEnv },
): Promise<OffloadJob> {
  const r = offloadHost(town, job0.outpost);
  const timeoutMs = (town.rig(job0.rig).offload?.task_timeout ?? 1800) * 1000;
  let job = save(town, job0, { pid: process.pid, state: 'running' });
  try {
    for (;;) {
      const v = await waitTasks(town, job, { timeoutMs });
      if (v.state === 'unreachable') throw new Error(v.error ?? `outpost ${job.outpost} unreachable`);
      const failing = v.tasks.filter((t) => t.state !== 'passed');
      if (failing.length === 0) {
        job = save(town, job, { state: 'green', message: `green after ${job.fix!.round} round(s)` });
        break;
      }
      const fix = job.fix!;
      if (fix.round >= fix.max_rounds) {
        job = save(town, job, {
          state: 'gave-up',
          message: `still failing after ${fix.round} round(s): ${failing.map((t) => t.name).join(', ')}`,
        });
        break;
      }
      const round = fix.round + 1;
      job = save(town, job, { round });
      const names = failing.map((t) => t.name);
      opts.say(`round ${round}/${fix.max_rounds}: ${names.join(', ')} failing; starting the fix agent`);
      const tails = (await queryJob(r, job, names)).tails;
      const prompt = fixPrompt(
        job,
        round,
        failing.map((t) => ({
          name: t.name,
          ...(t.code !== undefined ? { code: t.code } : {}),
          log: tails[t.name] ?? '',
        })),
      );
      const outcome = await runFixAgent(town, r, job, round, prompt, { timeoutMs, env: opts.env });
      opts.say(`round ${round}: agent ${outcome}; rerunning ${names.join(', ')}`);
      await launchTasks(r, job, names, round);
    }
  } catch (e) {
    job = save(town, job, { state: 'failed', message: errorMessage(e) });
  }
  try {
    const home = await fetchHome(town, job);
    if (home) job = home;
  } catch (e) {
    opts.say(`could not fetch the job's branch home: ${errorMessage(e)}`);
  }
  await town.events.emit({
    kind: 'offload.fix',
    actor: 'overseer',
    rig: job.rig,
    subject: job.id,
    message: `offload fix of ${job.target.input}: ${job.fix?.state}${job.fix?.message ? ` (${job.fix.message})` : ''}`,
  });
  return save(town, job, { pid: undefined });
}
