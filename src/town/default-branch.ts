/**
 * Which branch a new rig works from when the origin's HEAD does not name a
 * branch with commits (e.g. `git init --bare` left HEAD at `master`, then
 * only `main` was pushed). Pure: the clone's HEAD branch and the origin's
 * branches in, a choice or the reason there is none out.
 */
export type BranchPick =
  | { ok: true; branch: string; why: string }
  | { ok: false; reason: 'empty' }
  | { ok: false; reason: 'ambiguous'; branches: string[] };

export function pickDefaultBranch(head: string | undefined, branches: readonly string[]): BranchPick {
  if (head !== undefined && branches.includes(head)) return { ok: true, branch: head, why: 'origin HEAD' };
  if (branches.length === 0) return { ok: false, reason: 'empty' };
  if (branches.length === 1) return { ok: true, branch: branches[0]!, why: 'the only branch' };
  const usual = ['main', 'master'].filter((b) => branches.includes(b));
  if (usual.length === 1) return { ok: true, branch: usual[0]!, why: `${usual[0]} (HEAD names no branch)` };
  return { ok: false, reason: 'ambiguous', branches: [...branches] };
}
