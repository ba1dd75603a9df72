import { join } from 'node:path';
import { OverseerError } from '../../core/errors.js';
import { runnerFor, sshRunnerFor } from '../../runtime/hosts.js';
import {
  type OffloadAnswer,
  type OffloadFiles,
  type OffloadQuery,
  offloadFiles,
  offloadStatus,
} from '../../runtime/remote/offload.js';
import type { Runner } from '../../runtime/runner.js';
import { helperBundle } from '../../runtime/ssh/helper-bundle.js';
import type { SshRunner } from '../../runtime/ssh/ssh-runner.js';
import { addWorktree, branchExists, deleteBranch, removeWorktree } from '../../runtime/worktree.js';
import { LOCAL_HOST } from '../../town/outposts.js';
import type { OffloadJob } from '../../town/schemas/offload.js';
import type { Town } from '../../town/town.js';
import { ensureMirror } from '../outpost/mirror.js';

/**
 * Where an offload job runs: an outpost (over its SSH runner: the commit
 * pushed into its mirror, the helper asked for status) or, with no outpost
 * configured, this machine (a worktree of the canonical clone, the same
 * helper run by this node). Everything else — tmux windows, task files, the
 * fix agent — goes through the host's Runner and is the same on both.
 */
export interface OffloadHost {
  readonly name: string;
  readonly runner: Runner;
  /** The job's commits are in the canonical clone as soon as they are made (this machine). */
  readonly home: boolean;
  jobDir(rig: string, id: string): string;
  info(): Promise<{ node: string; helper: string; path: string }>;
  query(q: OffloadQuery): Promise<OffloadAnswer>;
  /** Write task specs and remove old statuses there, at once. */
  files(req: OffloadFiles): Promise<unknown>;
  /** A worktree of the job's commit, on branch job.branch. */
  addWorktree(job: OffloadJob, defaultBranch: string): Promise<void>;
  /** Remove the job's worktree and what only it needs (never a branch holding commits not home). */
  removeWork(job: OffloadJob): Promise<void>;
  /** Bring job.branch into the canonical clone; its head there. */
  fetchHome(job: OffloadJob): Promise<string>;
  /** The operator's client for a session there (ssh -t … tmux attach), or undefined here. */
  attachClient(socket: string, session: string): string[] | undefined;
}

/** Where the job's target commit is kept in the outpost's mirror (not a branch: nothing lists or lands it). */
export function baseRef(job: Pick<OffloadJob, 'id'>): string {
  return `refs/ov-offload/${job.id}`;
}

function outpostHost(town: Town, r: SshRunner): OffloadHost {
  const canonical = (rig: string) => runnerFor(town).git(town.rigPaths(rig).canonicalClone);
  const mirror = (rig: string) => r.git(r.layout.mirror(rig));
  return {
    name: r.host,
    runner: r,
    home: false,
    jobDir: (_rig, id) => r.layout.offload(id),
    info: async () => {
      const i = await r.hostInfo();
      return { node: i.node ?? 'node', helper: i.helper, path: i.path };
    },
    query: (q) => r.helper<OffloadAnswer>('offload', q),
    files: (req) => r.helper('offload-files', req),
    addWorktree: async (job, defaultBranch) => {
      const m = await ensureMirror(r, job.rig, defaultBranch);
      await canonical(job.rig).ok(
        ['push', '--quiet', '--force', r.gitUrl(m.dir), `${job.target.sha}:${baseRef(job)}`],
        `cannot push ${job.target.sha.slice(0, 10)} to outpost ${r.host}`,
        await r.gitSshEnv(),
      );
      await addWorktree(m, job.worktree, job.branch, job.target.sha);
    },
    removeWork: async (job) => {
      const m = mirror(job.rig);
      await removeWorktree(m, job.worktree);
      await deleteBranch(m, job.branch);
      await m.ok(['update-ref', '-d', baseRef(job)], 'cannot delete the base ref');
    },
    fetchHome: async (job) => {
      const c = canonical(job.rig);
      await c.ok(
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
      return c.rev(`refs/heads/${job.branch}`);
    },
    attachClient: (socket, session) => r.attachClient(socket, session),
  };
}

function localHost(town: Town): OffloadHost {
  const runner = runnerFor(town);
  const canonical = (rig: string) => runner.git(town.rigPaths(rig).canonicalClone);
  return {
    name: LOCAL_HOST,
    runner,
    home: true,
    jobDir: (rig, id) => join(town.rigPaths(rig).root, 'offload', id),
    info: async () => ({
      node: process.execPath,
      helper: helperBundle().dir,
      path: process.env.PATH ?? '/usr/bin:/bin',
    }),
    query: (q) => offloadStatus(q),
    files: (req) => offloadFiles(req),
    addWorktree: (job) => addWorktree(canonical(job.rig), job.worktree, job.branch, job.target.sha),
    removeWork: async (job) => {
      const c = canonical(job.rig);
      await removeWorktree(c, job.worktree);
      // The branch is the work here: removed only while it is still the target commit.
      if ((await branchExists(c, job.branch)) && (await c.rev(`refs/heads/${job.branch}`)) === job.target.sha)
        await deleteBranch(c, job.branch);
    },
    fetchHome: (job) => canonical(job.rig).rev(`refs/heads/${job.branch}`),
    attachClient: () => undefined,
  };
}

/** The host of a job (or of a new one): `local`, or an outpost of config/outposts.yaml. */
export function offloadHost(town: Town, name: string): OffloadHost {
  if (name === LOCAL_HOST) return localHost(town);
  const r = sshRunnerFor(town, name);
  if (!r) throw new OverseerError('no-outpost', `unknown outpost ${name}`);
  return outpostHost(town, r);
}
