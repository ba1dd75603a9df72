import { existsSync } from 'node:fs';
import { listMergeRequests } from '../town/merge-requests.js';
import type { Town } from '../town/town.js';
import { revParse } from '../runtime/git.js';
import { branchExists, dirtyFiles, fetchOrigin, unlandedCommits, type Commit } from '../runtime/worktree.js';

/**
 * What removing a polecat's worktree and branch would lose. `clean` is true
 * only when nothing: no uncommitted change, and every commit of the branch
 * is on the default branch (by id or as an equivalent patch), on a remote,
 * or is the head of a merge request the refinery merged.
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
  /** Commits that exist only on this branch. */
  unlanded: Commit[];
  /** A merged merge request whose head is this branch's head. */
  mergedBy?: string;
  /** One line per thing that would be lost; empty when clean. */
  losses: string[];
};

export type VerifyTarget = { rig: string; polecat: string; worktree: string; branch: string };

export async function verifyPolecatClean(
  town: Town,
  t: VerifyTarget,
  opts: { fetch?: boolean } = {},
): Promise<CleanVerdict> {
  const config = town.rig(t.rig);
  const repo = town.rigPaths(t.rig).canonicalClone;
  if (opts.fetch !== false) await fetchOrigin(repo);
  const worktreeExists = existsSync(t.worktree);
  const hasBranch = await branchExists(repo, t.branch);
  const dirty = worktreeExists ? await dirtyFiles(t.worktree) : [];
  let unlanded = hasBranch ? await unlandedCommits(repo, t.branch, config.default_branch) : [];
  let mergedBy: string | undefined;
  if (unlanded.length > 0) {
    const head = await revParse(repo, `refs/heads/${t.branch}`);
    const merged = listMergeRequests(town, t.rig).find(
      (m) =>
        m.mr.branch === t.branch && m.mr.state === 'merged' && m.mr.head !== undefined && m.mr.head === head,
    );
    if (merged) {
      mergedBy = merged.id;
      unlanded = [];
    }
  }
  const losses = [
    ...dirty.map((f) => `uncommitted: ${f}`),
    ...unlanded.map(
      (c) => `commit ${c.sha.slice(0, 10)} "${c.subject}" is not on ${config.default_branch} and not pushed`,
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
    dirty,
    unlanded,
    mergedBy,
    losses,
  };
}
