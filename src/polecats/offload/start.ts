import { mkdirSync } from 'node:fs';
import { errorMessage, OverseerError } from '../../core/errors.js';
import { withLock } from '../../core/lock.js';
import { nowIso } from '../../core/time.js';
import { sshRunnerFor } from '../../runtime/hosts.js';
import { OutpostUnreachableError } from '../../runtime/ssh/errors.js';
import { townSocketName } from '../../runtime/town-tmux.js';
import { jobFile, offloadDir, readJob, writeJob } from '../../town/offload-jobs.js';
import { LOCAL_HOST, loadOutposts } from '../../town/outposts.js';
import type { OffloadJob } from '../../town/schemas/offload.js';
import type { OutpostsFile } from '../../town/schemas/outpost.js';
import type { Town } from '../../town/town.js';
import { jobId, playbookTasks } from './job.js';
import { offloadHost, type OffloadHost } from './host.js';
import { provision, teardown } from './remote.js';
import { offloadRig, resolveTarget } from './target.js';

export type StartOptions = {
  target: string;
  playbook: string;
  outpost?: string;
  rig?: string;
  env?: NodeJS.ProcessEnv;
};

export type StartResult = {
  job: OffloadJob;
  /** The job was already there (same target commit and playbook): nothing was started. */
  reattached: boolean;
  /** Outposts passed over (unreachable), in order. */
  skipped: string[];
};

/**
 * The outposts an offload may go to, in order: `--outpost NAME` alone, else
 * policy.preference without `local`, then any other configured outpost.
 * With none configured (or `--outpost local`): this machine. Pure.
 */
export function offloadOrder(file: OutpostsFile, pinned: string | undefined): string[] {
  const names = file.outposts.map((o) => o.name);
  if (pinned !== undefined) {
    if (pinned !== LOCAL_HOST && !names.includes(pinned))
      throw new OverseerError(
        'no-outpost',
        `unknown outpost ${JSON.stringify(pinned)}${names.length ? ` (config/outposts.yaml has ${names.join(', ')})` : ''}`,
      );
    return [pinned];
  }
  const order = file.policy.preference.filter((n) => n !== LOCAL_HOST && names.includes(n));
  for (const n of names) if (!order.includes(n)) order.push(n);
  return order.length > 0 ? order : [LOCAL_HOST];
}

/** The first reachable host in order (this machine always is); the outposts skipped, with why. */
async function reach(town: Town, order: string[]): Promise<{ r: OffloadHost; skipped: string[] }> {
  const skipped: string[] = [];
  for (const name of order) {
    if (name === LOCAL_HOST) return { r: offloadHost(town, name), skipped };
    try {
      await sshRunnerFor(town, name).conn.ensure();
      return { r: offloadHost(town, name), skipped };
    } catch (e) {
      if (!(e instanceof OutpostUnreachableError) || order.length === 1) throw e;
      skipped.push(`outpost ${name} skipped: ${errorMessage(e)}`);
    }
  }
  throw new OverseerError('no-outpost', `no outpost can be reached: ${skipped.join('; ')}`);
}

/**
 * `overseer offload TARGET PLAYBOOK`: checked before anything is written
 * (rig, playbook, target, outpost reached); a job already there for the
 * same commit and playbook is returned as it is (re-attach). Otherwise the
 * job is provisioned on the outpost and its record written; a failure on
 * the way removes what it made there and writes nothing.
 */
export async function startOffload(town: Town, o: StartOptions): Promise<StartResult> {
  const rig = offloadRig(town, o.rig);
  const config = town.rig(rig);
  const tasks = playbookTasks(config.offload, o.playbook, town.rigPaths(rig).config);
  const target = await resolveTarget(town, rig, o.target);
  const id = jobId(rig, o.playbook, target.sha);
  const existing = readJob(town.rigPaths(rig), id);
  if (existing) return { job: existing, reattached: true, skipped: [] };
  const order = offloadOrder(loadOutposts(town.paths), o.outpost);
  const { r, skipped } = await reach(town, order);
  mkdirSync(offloadDir(town.rigPaths(rig)), { recursive: true });
  return withLock(jobFile(town.rigPaths(rig), id), async () => {
    const again = readJob(town.rigPaths(rig), id);
    if (again) return { job: again, reattached: true, skipped };
    const dir = r.jobDir(rig, id);
    const job: OffloadJob = {
      version: 1,
      id,
      rig,
      playbook: o.playbook,
      outpost: r.name,
      target: {
        input: target.input,
        kind: target.kind,
        sha: target.sha,
        ...(target.branch ? { branch: target.branch } : {}),
      },
      branch: `offload/${id}`,
      dir,
      worktree: `${dir}/wt`,
      session: `ovo-${id}`,
      socket: `${townSocketName(town, o.env)}-offload`,
      tasks,
      created_at: nowIso(),
      ...(o.playbook === 'fix'
        ? { fix: { max_rounds: config.offload?.fix_rounds ?? 3, round: 0, state: 'running' as const } }
        : {}),
    };
    try {
      await provision(r, job, config.default_branch);
    } catch (e) {
      await teardown(r, job).catch(() => undefined);
      throw e instanceof OverseerError
        ? e
        : new OverseerError('offload-failed', `offload on ${r.name}: ${errorMessage(e)}`);
    }
    writeJob(town.rigPaths(rig), job);
    await town.events.emit({
      kind: 'offload.started',
      actor: 'overseer',
      rig,
      subject: id,
      message: `offload ${o.playbook} of ${target.input} (${target.sha.slice(0, 10)}) on ${r.name}: ${tasks.length} task(s)`,
    });
    return { job, reattached: false, skipped };
  });
}
