import { listMergeRequests } from '../town/merge-requests.js';
import type { Town } from '../town/town.js';
import type { Runner } from '../runtime/runner.js';
import {
  branchExists,
  dirtyFiles,
  fetchAll,
  ignoredFiles,
  operationsInProgress,
  unlandedCommits,
  unlandedCommitsOf,
  worktreeHead,
  type Commit,
} from '../runtime/worktree.js';
import { precious } from './ignored-files.js';
import { canonicalWithBranch } from './outpost/fetch-back.js';

/**
 * What removing a polecat's worktree and branch would lose. `clean` is true
 * only when nothing: no uncommitted change, and every commit of the branch
 * is on the default branch (by id or as an equivalent patch), on a remote,
 * or is the head of a merge request the refinery merged. The worktree's own
 * HEAD is checked too: it must be on the branch (not detached, not another
 * branch) and no rebase, merge or cherry-pick may be in progress.
 */
export type CleanVerdict = {
  clean: boolean;
  rig: string;
  polecat: string;
  worktree: string;
  branch: string;
  worktreeExists: boolean;
  branchExists: boolean;
  /** Porcelain status lines ("M src/a.ts", "?? notes.txt"). */
  dirty: string[];
  /** Gitignored files that may be work (.env, notes); overseer's own files and cache directories are left out (see ignored-files.ts). */
  ignored: string[];
  /** Commits that exist only on this branch (or only on the worktree's HEAD). */
  unlanded: Commit[];
  /** Why the worktree's HEAD is not safe to drop (detached, on another branch); undefined when on the branch. */
  headProblem?: string;
  /** Git operations in progress in the worktree ("rebase", "merge", ...). */
  inProgress: string[];
  /** False when `git fetch origin` failed: then only the default branch counted as landed. */
  originReachable?: boolean;
  /** A merged merge request whose head is this branch's head. */
  mergedBy?: string;
  /** One line per thing that would be lost; empty when clean. */
  losses: string[];
};

export type VerifyTarget = { rig: string; polecat: string; worktree: string; branch: string };

export async function verifyPolecatClean(
  runner: Runner,
  town: Town,
  t: VerifyTarget,
  opts: { fetch?: boolean; trustRemotes?: boolean } = {},
): Promise<CleanVerdict> {
  const config = town.rig(t.rig);
  // The canonical clone is on this machine; an outpost's branch is fetched into it first.
  const repo = await canonicalWithBranch(town, runner, t.rig, t.branch);
  const work = runner.git(t.worktree);
  // Unreachable origin: its remote-tracking refs may be stale (a branch deleted upstream), so only the default branch counts.
  const originReachable = opts.fetch !== false ? await fetchAll(repo) : undefined;
  const remotes = opts.trustRemotes ?? originReachable !== false;
  const worktreeExists = await work.files.exists(t.worktree);
  const hasBranch = await branchExists(repo, t.branch);
  const dirty = worktreeExists ? await dirtyFiles(work) : [];
  const ignored = worktreeExists ? precious(await ignoredFiles(work)) : [];
  let unlanded = hasBranch ? await unlandedCommits(repo, t.branch, config.default_branch, { remotes }) : [];
  let inProgress: string[] = [];
  let headProblem: string | undefined;
  let headUnlanded: Commit[] = [];
  if (worktreeExists) {
    inProgress = await operationsInProgress(work);
    const head = await worktreeHead(work);
    if (head.ref !== `refs/heads/${t.branch}`) {
      const at = head.sha ? head.sha.slice(0, 10) : 'no commit';
      headProblem = head.ref
        ? `HEAD of ${t.worktree} is on ${head.ref.replace(/^refs\/heads\//, '')} (at ${at}), not on ${t.branch}`
        : `HEAD of ${t.worktree} is detached at ${at}, not on ${t.branch}`;
      if (head.sha)
        headUnlanded = await unlandedCommitsOf(repo, head.sha, config.default_branch, 'HEAD', { remotes });
    }
  }
  let mergedBy: string | undefined;
  if (unlanded.length > 0) {
    const head = await repo.tryRev(`refs/heads/${t.branch}`);
    const merged = listMergeRequests(town, t.rig).find(
      (m) =>
        m.mr.branch === t.branch && m.mr.state === 'merged' && m.mr.head !== undefined && m.mr.head === head,
    );
    if (merged) {
      mergedBy = merged.id;
      unlanded = [];
    }
  }
  const known = new Set(unlanded.map((c) => c.sha));
  unlanded = [...unlanded, ...headUnlanded.filter((c) => !known.has(c.sha))];
  const losses = [
    ...inProgress.map((op) => `a ${op} is in progress in ${t.worktree}`),
    ...(headProblem ? [headProblem] : []),
    ...dirty.map((f) => `uncommitted: ${f}`),
    ...ignored.map((f) => `ignored by git, not committed: ${f}`),
    ...unlanded.map(
      (c) =>
        `commit ${c.sha.slice(0, 10)} "${c.subject}" is not on ${config.default_branch} and not pushed${remotes ? '' : ` (origin could not be reached: only ${config.default_branch} counted, not other remote branches)`}`,
    ),
  ];
  return {
    clean: losses.length === 0,
    rig: t.rig,
    polecat: t.polecat,
    worktree: t.worktree,
    branch: t.branch,
    worktreeExists,
    branchExists: hasBranch,
    ...(originReachable !== undefined ? { originReachable } : {}),
    dirty,
    ignored,
    unlanded,
    headProblem,
    inProgress,
    mergedBy,
    losses,
  };
}
