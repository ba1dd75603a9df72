import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomicSync, tryReadJson, type FileProblem } from '../core/json-file.js';
import { OverseerError } from '../core/errors.js';
import { OffloadJob } from './schemas/offload.js';
import type { RigPaths } from './paths.js';
import type { Town } from './town.js';

/**
 * Offload job records: <rig>/.runtime/offload/<job>.json (the town is the
 * control plane; the outpost holds the work). The cockpit reads them
 * through the files table (slot `offload`).
 */
export function offloadDir(rig: RigPaths): string {
  return join(rig.runtimeDir, 'offload');
}

const JOB_ID = /^[a-z][a-z0-9_-]{0,99}$/;

export function jobFile(rig: RigPaths, id: string): string {
  if (!JOB_ID.test(id)) throw new OverseerError('bad-job', `invalid offload job id ${JSON.stringify(id)}`);
  return join(offloadDir(rig), `${id}.json`);
}

/** A job's record, or undefined when there is none; a malformed one is an error naming the file. */
export function readJob(rig: RigPaths, id: string): OffloadJob | undefined {
  const r = tryReadJson(jobFile(rig, id), OffloadJob);
  if (r.ok) return r.value;
  if (r.problem.kind === 'missing') return undefined;
  throw new OverseerError('file-' + r.problem.kind, r.problem.message);
}

/** The job of that id in any rig of the town, or a clear error naming it. */
export function getJob(town: Town, id: string): OffloadJob {
  for (const rig of town.rigNames()) {
    const job = readJob(town.rigPaths(rig), id);
    if (job) return job;
  }
  throw new OverseerError('no-job', `no offload job ${JSON.stringify(id)} (see overseer offload status)`);
}

export function writeJob(rig: RigPaths, job: OffloadJob): void {
  mkdirSync(offloadDir(rig), { recursive: true });
  writeJsonAtomicSync(jobFile(rig, job.id), job);
}

export function removeJob(rig: RigPaths, id: string): void {
  rmSync(jobFile(rig, id), { force: true });
}

/** A rig's job records, oldest first, and the files that could not be read. */
export function listRigJobs(rig: RigPaths): { jobs: OffloadJob[]; problems: FileProblem[] } {
  let names: string[];
  try {
    names = readdirSync(offloadDir(rig)).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
  } catch {
    return { jobs: [], problems: [] };
  }
  const jobs: OffloadJob[] = [];
  const problems: FileProblem[] = [];
  for (const n of names) {
    const r = tryReadJson(join(offloadDir(rig), n), OffloadJob);
    if (r.ok) jobs.push(r.value);
    else if (r.problem.kind !== 'missing') problems.push(r.problem);
  }
  jobs.sort((a, b) => a.created_at.localeCompare(b.created_at));
  return { jobs, problems };
}

/** Every rig's job records. */
export function listJobs(town: Town): { jobs: OffloadJob[]; problems: FileProblem[] } {
  const out = { jobs: [] as OffloadJob[], problems: [] as FileProblem[] };
  for (const rig of town.rigNames()) {
    const r = listRigJobs(town.rigPaths(rig));
    out.jobs.push(...r.jobs);
    out.problems.push(...r.problems);
  }
  out.jobs.sort((a, b) => a.created_at.localeCompare(b.created_at));
  return out;
}
