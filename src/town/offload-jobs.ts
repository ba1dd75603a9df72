import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomicSync, tryReadJson, type FileProblem } from '../core/json-file.js';
import { OverseerError } from '../core/errors.js';
import { OffloadJob } from './schemas/offload.js';
import type { TownPaths } from './paths.js';

/** Offload job records: <town>/.runtime/offload/<job>.json (the town is the control plane; the outpost holds the work). */
export function offloadDir(paths: TownPaths): string {
  return join(paths.runtimeDir, 'offload');
}

const JOB_ID = /^[a-z][a-z0-9_-]{0,99}$/;

export function jobFile(paths: TownPaths, id: string): string {
  if (!JOB_ID.test(id)) throw new OverseerError('bad-job', `invalid offload job id ${JSON.stringify(id)}`);
  return join(offloadDir(paths), `${id}.json`);
}

/** A job's record, or undefined when there is none; a malformed one is an error naming the file. */
export function readJob(paths: TownPaths, id: string): OffloadJob | undefined {
  const r = tryReadJson(jobFile(paths, id), OffloadJob);
  if (r.ok) return r.value;
  if (r.problem.kind === 'missing') return undefined;
  throw new OverseerError('file-' + r.problem.kind, r.problem.message);
}

/** The job's record, or a clear error naming the job. */
export function getJob(paths: TownPaths, id: string): OffloadJob {
  const job = readJob(paths, id);
  if (!job)
    throw new OverseerError('no-job', `no offload job ${JSON.stringify(id)} (see overseer offload status)`);
  return job;
}

export function writeJob(paths: TownPaths, job: OffloadJob): void {
  mkdirSync(offloadDir(paths), { recursive: true });
  writeJsonAtomicSync(jobFile(paths, job.id), job);
}

export function removeJob(paths: TownPaths, id: string): void {
  rmSync(jobFile(paths, id), { force: true });
}

/** Every job record, oldest first, and the files that could not be read. */
export function listJobs(paths: TownPaths): { jobs: OffloadJob[]; problems: FileProblem[] } {
  let names: string[];
  try {
    names = readdirSync(offloadDir(paths)).filter((n) => n.endsWith('.json'));
  } catch {
    return { jobs: [], problems: [] };
  }
  const jobs: OffloadJob[] = [];
  const problems: FileProblem[] = [];
  for (const n of names) {
    const r = tryReadJson(join(offloadDir(paths), n), OffloadJob);
    if (r.ok) jobs.push(r.value);
    else if (r.problem.kind !== 'missing') problems.push(r.problem);
  }
  jobs.sort((a, b) => a.created_at.localeCompare(b.created_at));
  return { jobs, problems };
}
