/** What git says about a worktree, gathered by the executor before a GC removal. */
export type WorktreeGitFacts = {
  exists: boolean;
  /** `git status --porcelain` lines (changes, untracked files). */
  dirty: string[];
  /** Commits on the branch that are neither on the default branch (by patch) nor on any remote branch. */
  unsafeCommits: string[];
  /** Other reasons the worktree may not go (detached HEAD, rebase in progress); optional. */
  blockers?: string[];
  /** Git could not answer; the error. */
  error?: string;
};

export type GcVerdict = { remove: true; reason: string } | { remove: false; reason: string };

/** Pure: may this worktree go? Only when git shows nothing uncommitted, unmerged or unpushed. */
export function gcVerdict(f: WorktreeGitFacts): GcVerdict {
  if (f.error) return { remove: false, reason: `git check failed (${f.error}); retrying next pass` };
  if (!f.exists) return { remove: true, reason: 'worktree directory already gone; pruning' };
  if (f.blockers && f.blockers.length > 0) return { remove: false, reason: f.blockers.join('; ') };
  if (f.dirty.length > 0)
    return {
      remove: false,
      reason: `${f.dirty.length} uncommitted change(s): ${f.dirty.slice(0, 3).join(', ')}`,
    };
  if (f.unsafeCommits.length > 0)
    return {
      remove: false,
      reason: `${f.unsafeCommits.length} commit(s) neither merged nor pushed: ${f.unsafeCommits
        .slice(0, 3)
        .map((c) => c.slice(0, 10))
        .join(', ')}`,
    };
  return { remove: true, reason: 'clean, merged or pushed' };
}
