import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { OverseerError } from '../core/errors.js';
import { type GitRepo, gitFailure } from './git.js';

/**
 * The git steps of landing, on the refinery's clone (and, after landing, the
 * canonical clone), through the one git layer (GitRepo). The refinery never works on a named branch: it builds
 * the candidate on a detached HEAD, and its one publication step is a push of
 * that commit to the origin's default branch with a lease on the old value.
 */

export const MAYOR_REMOTE = 'mayor';
const NO_HOOKS = ['-c', 'core.hooksPath=/dev/null'];

/** A branch name safe to put in a refspec: no leading '-', no '..', no '@{'. */
export function assertBranch(branch: string): string {
  if (
    !/^[A-Za-z0-9._][A-Za-z0-9._/-]{0,199}$/.test(branch) ||
    branch.includes('..') ||
    branch.endsWith('/') ||
    branch.endsWith('.lock')
  ) {
    throw new OverseerError('bad-branch', `invalid branch name ${JSON.stringify(branch)}`);
  }
  return branch;
}

/** Point the refinery clone's `mayor` remote at the canonical clone (polecat branches live there). */
export async function ensureMayorRemote(clone: GitRepo, canonical: string): Promise<void> {
  const cur = await clone.run(['remote', 'get-url', MAYOR_REMOTE]);
  if (cur.code !== 0)
    await clone.ok(['remote', 'add', MAYOR_REMOTE, canonical], 'cannot add the mayor remote');
  else if (cur.stdout.trim() !== canonical)
    await clone.ok(['remote', 'set-url', MAYOR_REMOTE, canonical], 'cannot set the mayor remote');
}

/** Fetch the origin's default branch; returns its commit. */
export async function fetchBranch(clone: GitRepo, branch: string): Promise<string> {
  assertBranch(branch);
  await clone.ok(
    ['fetch', '--no-tags', '--quiet', 'origin', `+refs/heads/${branch}:refs/remotes/origin/${branch}`],
    `cannot fetch ${branch} from origin into ${clone.dir}`,
  );
  return clone.rev(`refs/remotes/origin/${branch}`);
}

/** Fetch a polecat branch from the canonical clone; undefined when the branch does not exist there. */
export async function fetchPolecatBranch(clone: GitRepo, branch: string): Promise<string | undefined> {
  assertBranch(branch);
  const r = await clone.run([
    'fetch',
    '--no-tags',
    '--quiet',
    MAYOR_REMOTE,
    `+refs/heads/${branch}:refs/remotes/${MAYOR_REMOTE}/${branch}`,
  ]);
  if (r.code !== 0) {
    if (/couldn't find remote ref/i.test(r.stderr)) return undefined;
    throw gitFailure(`cannot fetch ${branch} from the canonical clone`, new Error(r.stderr));
  }
  return clone.rev(`refs/remotes/${MAYOR_REMOTE}/${branch}`);
}

export async function isAncestor(dir: GitRepo, a: string, b: string): Promise<boolean> {
  const r = await dir.run(['merge-base', '--is-ancestor', a, b]);
  if (r.code > 1) throw gitFailure(`cannot compare ${a} and ${b}`, new Error(r.stderr));
  return r.code === 0;
}

export async function countCommits(dir: GitRepo, from: string, to: string): Promise<number> {
  return Number((await dir.ok(['rev-list', '--count', `${from}..${to}`], 'cannot count commits')).trim());
}

/**
 * Is the change of `tip` already on `main`? 'ancestor' (fast-forwarded or
 * merged), 'equivalent' (every commit's patch is on main: rebased and
 * landed), or 'no'.
 */
export async function landedState(
  dir: GitRepo,
  main: string,
  tip: string,
): Promise<'ancestor' | 'equivalent' | 'no'> {
  if (await isAncestor(dir, tip, main)) return 'ancestor';
  const out = (await dir.ok(['cherry', main, tip], 'cannot compare patches')).trim();
  const lines = out === '' ? [] : out.split('\n');
  return lines.length > 0 && lines.every((l) => l.startsWith('-')) ? 'equivalent' : 'no';
}

/**
 * Would merging `tip` into `base` conflict? Uses `git merge-tree
 * --write-tree`, which touches no ref, index or work tree. With
 * `quarantine`, the objects it writes go to that directory instead of the
 * repository, so the repository is left byte-for-byte as it was.
 */
export async function conflictPaths(
  dir: GitRepo,
  base: string,
  tip: string,
  quarantine?: string,
): Promise<string[]> {
  const env: Record<string, string> = {};
  if (quarantine) {
    const objects = await dir.ok(
      ['rev-parse', '--path-format=absolute', '--git-path', 'objects'],
      'cannot locate objects',
    );
    env.GIT_OBJECT_DIRECTORY = quarantine;
    env.GIT_ALTERNATE_OBJECT_DIRECTORIES = objects.trim();
  }
  const r = await dir.run(['merge-tree', '--write-tree', '--name-only', '--no-messages', base, tip], env);
  if (r.code === 0) return [];
  if (r.code !== 1)
    throw gitFailure(`cannot check ${tip} against ${base} for conflicts`, new Error(r.stderr));
  const paths = r.stdout
    .split('\n')
    .slice(1)
    .filter((l) => l !== '');
  return [...new Set(paths)];
}

/**
 * Put the clone in a known state: no rebase or merge in progress, no stale
 * index lock (a killed refinery leaves them), HEAD detached at `at`, work
 * tree matching it (ignored files are kept, so build caches survive).
 */
export async function resetScratch(clone: GitRepo, at: string): Promise<void> {
  const gitDir = join(clone.dir, '.git');
  for (const d of ['rebase-merge', 'rebase-apply']) rmSync(join(gitDir, d), { recursive: true, force: true });
  for (const f of ['index.lock', 'MERGE_HEAD', 'MERGE_MSG', 'MERGE_MODE', 'CHERRY_PICK_HEAD', 'AUTO_MERGE']) {
    if (existsSync(join(gitDir, f))) rmSync(join(gitDir, f), { force: true });
  }
  await clone.ok(
    ['checkout', '--quiet', '--force', '--detach', at],
    `cannot check out ${at} in ${clone.dir}`,
  );
  await clone.ok(['clean', '-fdq'], `cannot clean ${clone.dir}`);
}

export type Integration = { ok: true; sha: string } | { ok: false; paths: string[]; message: string };

async function unmergedPaths(clone: GitRepo): Promise<string[]> {
  const out = await clone.ok(['diff', '--name-only', '--diff-filter=U'], 'cannot list conflicts');
  return out.split('\n').filter((l) => l !== '');
}

/** Replay `tip`'s commits onto `base` (detached HEAD). */
export async function rebaseOnto(clone: GitRepo, base: string, tip: string): Promise<Integration> {
  await resetScratch(clone, tip);
  const r = await clone.run([...NO_HOOKS, 'rebase', '--no-autosquash', '--quiet', base]);
  if (r.code === 0) return { ok: true, sha: await clone.rev('HEAD') };
  const paths = await unmergedPaths(clone);
  await clone.run(['rebase', '--abort']);
  await resetScratch(clone, base);
  return { ok: false, paths, message: (r.stderr || r.stdout).trim() };
}

/** Merge `tip` into `base` with a merge commit (detached HEAD). */
export async function mergeInto(
  clone: GitRepo,
  base: string,
  tip: string,
  message: string,
): Promise<Integration> {
  await resetScratch(clone, base);
  const r = await clone.run([...NO_HOOKS, 'merge', '--no-ff', '--no-edit', '--quiet', '-m', message, tip]);
  if (r.code === 0) return { ok: true, sha: await clone.rev('HEAD') };
  const paths = await unmergedPaths(clone);
  await clone.run(['merge', '--abort']);
  await resetScratch(clone, base);
  return { ok: false, paths, message: (r.stderr || r.stdout).trim() };
}

/**
 * Publish: update the origin's `branch` from `expectedOld` to `sha`, and
 * nothing else. Returns 'moved' when the origin's branch is no longer
 * `expectedOld` (someone else landed first); the origin is then unchanged.
 */
export async function pushMain(
  clone: GitRepo,
  sha: string,
  branch: string,
  expectedOld: string,
): Promise<'pushed' | 'moved'> {
  assertBranch(branch);
  const r = await clone.run([
    'push',
    '--porcelain',
    '--quiet',
    `--force-with-lease=refs/heads/${branch}:${expectedOld}`,
    'origin',
    `${sha}:refs/heads/${branch}`,
  ]);
  if (r.code === 0) {
    // Keep the clone's own view of main current (the seed's "refinery clone is canonical main").
    await clone.run(['update-ref', `refs/remotes/origin/${branch}`, sha]);
    await clone.run(['branch', '--force', branch, sha]);
    return 'pushed';
  }
  if (/stale info|rejected|non-fast-forward|fetch first/i.test(r.stdout + r.stderr)) return 'moved';
  throw gitFailure(`cannot push ${branch} to origin`, new Error(r.stderr || r.stdout));
}

/** Which worktree of `repo` has `branch` checked out, if any. */
export async function worktreeHolding(repo: GitRepo, branch: string): Promise<string | undefined> {
  const out = await repo.ok(['worktree', 'list', '--porcelain'], 'cannot list worktrees');
  let path: string | undefined;
  for (const line of out.split('\n')) {
    if (line.startsWith('worktree ')) path = line.slice('worktree '.length);
    else if (line === `branch refs/heads/${branch}`) return path;
  }
  return undefined;
}

export type BranchCleanup = 'deleted' | 'missing' | 'moved' | 'checked-out';

/**
 * Delete a landed polecat branch from the canonical clone, but only when its
 * tip is the commit that landed (nothing newer to lose) and no worktree has
 * it checked out (the witness removes worktree and branch together).
 */
export async function deleteLandedBranch(
  canonical: GitRepo,
  branch: string,
  landedTip: string,
): Promise<BranchCleanup> {
  assertBranch(branch);
  const cur = await canonical.tryRev(`refs/heads/${branch}`);
  if (!cur) return 'missing';
  if (cur !== landedTip) return 'moved';
  if (await worktreeHolding(canonical, branch)) return 'checked-out';
  await canonical.ok(['update-ref', '-d', `refs/heads/${branch}`, landedTip], `cannot delete ${branch}`);
  return 'deleted';
}

/**
 * Bring the canonical clone's default branch up to the origin (so new
 * polecat worktrees start from the new main) without touching polecat
 * worktrees: fast-forward only, and only a clean checkout.
 */
export async function updateCanonical(
  canonical: GitRepo,
  branch: string,
): Promise<'updated' | 'current' | 'skipped'> {
  const target = await fetchBranch(canonical, branch);
  const cur = await canonical.tryRev(`refs/heads/${branch}`);
  if (cur === target) return 'current';
  if (cur && !(await isAncestor(canonical, cur, target))) return 'skipped';
  const holder = await worktreeHolding(canonical, branch);
  if (!holder) {
    await canonical.ok(
      ['update-ref', `refs/heads/${branch}`, target, ...(cur ? [cur] : [])],
      'cannot update main',
    );
    return 'updated';
  }
  const work = canonical.at(holder);
  const status = await work.ok(['status', '--porcelain', '--untracked-files=no'], 'cannot read status');
  if (status.trim() !== '') return 'skipped';
  const r = await work.run(['merge', '--ff-only', '--quiet', target]);
  return r.code === 0 ? 'updated' : 'skipped';
}
