/**
 * Which polecat branches in an outpost's mirror may go. Pure: the facts in,
 * a verdict per ref out. A ref goes only when nothing could be lost: its
 * polecat is gone (no state file names the branch), no worktree there has it
 * checked out, and its commits are on the rig's main (as commits, or as
 * equivalent patches after a rebase) or held by a branch in the town's
 * canonical clone. Anything else is kept, and says why.
 */
export type MirrorRefFacts = {
  branch: string;
  sha: string;
  /** A polecat's state file (any outpost, any state) names this branch. */
  live: boolean;
  /** A worktree of the mirror has it checked out. */
  checkedOut: boolean;
  /** Fetched home for the check (false: it could not be, its commits are unknown here). */
  fetched: boolean;
  /** Every commit of it is on main, or has an equivalent patch there. */
  onMain: boolean;
  /** A ref of the canonical clone that contains its head, if any. */
  heldBy?: string;
};

export type MirrorRefVerdict = { branch: string; sha: string; remove: boolean; why: string };

export function decideMirrorRef(f: MirrorRefFacts): MirrorRefVerdict {
  const v = (remove: boolean, why: string) => ({ branch: f.branch, sha: f.sha, remove, why });
  if (f.live) return v(false, 'its polecat still exists');
  if (f.checkedOut) return v(false, 'a worktree there has it checked out');
  if (!f.fetched) return v(false, 'could not be fetched home to check its commits');
  if (f.onMain) return v(true, 'its commits are on main');
  if (f.heldBy) return v(true, `its commits are home in ${f.heldBy}`);
  return v(false, 'holds commits that exist only on the outpost');
}
