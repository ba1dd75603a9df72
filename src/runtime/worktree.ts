import { join, resolve } from 'node:path';
import type { GitRepo } from './git.js';

/**
 * Git worktree and branch operations for polecats, on a GitRepo (a runner's
 * repository). Read-only helpers never throw for "absent": they answer with
 * empty results so verification code can reason about partial states.
 */

/** Parallel checkout (one worker per core) once a tree has 100+ files. */
const PARALLEL_CHECKOUT = ['-c', 'checkout.workers=0', '-c', 'checkout.thresholdForParallelism=100'];

export async function branchExists(repo: GitRepo, branch: string): Promise<boolean> {
  return (await repo.tryRev(`refs/heads/${branch}`)) !== undefined;
}

/** Best-effort `git fetch --prune origin` (a missing or unreachable origin is not an error here). */
export async function fetchAll(repo: GitRepo): Promise<boolean> {
  return (await repo.run(['fetch', '--quiet', '--prune', 'origin'])).code === 0;
}

/** The ref new work starts from: origin/<branch> when the clone has it, else the local branch. */
export async function baseRef(repo: GitRepo, defaultBranch: string): Promise<string> {
  const remote = `refs/remotes/origin/${defaultBranch}`;
  return (await repo.tryRev(remote)) ? remote : `refs/heads/${defaultBranch}`;
}

/** `git worktree add -b <branch> <path> <base>` (no tracking: the branch is the polecat's own). */
export async function addWorktree(repo: GitRepo, path: string, branch: string, base: string): Promise<void> {
  // Parallel checkout (one worker per core) once a tree has 100+ files: spawn
  // latency on large repositories is mostly git writing the work tree.
  const add = () =>
    repo.ok(
      [...PARALLEL_CHECKOUT, 'worktree', 'add', '--quiet', '--no-track', '-b', branch, path, base],
      `cannot create worktree ${path} on branch ${branch}`,
    );
  for (let attempt = 1; ; attempt++) {
    try {
      return void (await add());
    } catch (e) {
      // Another worktree being added at the same moment (a pool refill) is half written:
      // git cannot read its files and gives up. Undo what this attempt made (the new branch,
      // at base, holding nothing) and try again.
      if (attempt >= 3 || !/failed to read .*worktrees\/.*(commondir|gitdir)/.test(String(e))) throw e;
      if (!(await repo.files.exists(path)) && (await branchExists(repo, branch)))
        await repo.ok(['branch', '-D', branch], `cannot delete branch ${branch}`);
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}

/** `git worktree add --detach <path> <base>`: a worktree on no branch (warm pool entries). */
export async function addDetachedWorktree(repo: GitRepo, path: string, base: string): Promise<void> {
  await repo.ok(
    [...PARALLEL_CHECKOUT, 'worktree', 'add', '--quiet', '--detach', path, base],
    `cannot create worktree ${path} at ${base}`,
  );
}

/** `git worktree move <from> <to>`: a rename of the directory plus git's bookkeeping. */
export async function moveWorktree(repo: GitRepo, from: string, to: string): Promise<void> {
  await repo.ok(['worktree', 'move', from, to], `cannot move worktree ${from} to ${to}`);
}

/** In a worktree: `git checkout --no-track -b <branch> <base>` (only files that differ are rewritten). */
export async function checkoutNewBranch(worktree: GitRepo, branch: string, base: string): Promise<void> {
  await worktree.ok(
    [...PARALLEL_CHECKOUT, 'checkout', '--quiet', '--no-track', '-b', branch, base],
    `cannot check out branch ${branch} at ${base} in ${worktree.dir}`,
  );
}

/** Remove a worktree directory and its registration (force: callers verify first). */
export async function removeWorktree(repo: GitRepo, path: string): Promise<void> {
  const what = `cannot remove worktree ${path}`;
  if (await repo.files.exists(path)) await repo.ok(['worktree', 'remove', '--force', '--force', path], what);
  await repo.ok(['worktree', 'prune'], what);
}

export async function deleteBranch(repo: GitRepo, branch: string): Promise<void> {
  if (!(await branchExists(repo, branch))) return;
  await repo.ok(['branch', '-D', branch], `cannot delete branch ${branch}`);
}

/**
 * Uncommitted changes as porcelain lines ("M src/a.ts", "?? new.txt"); [] when clean.
 * Read-only: GIT_OPTIONAL_LOCKS=0 keeps status from refreshing (rewriting) the index.
 */
export async function dirtyFiles(worktree: GitRepo): Promise<string[]> {
  const out = await worktree.ok(
    ['status', '--porcelain=v1', '-z', '--untracked-files=all'],
    `cannot read the status of ${worktree.dir}`,
    { GIT_OPTIONAL_LOCKS: '0' },
  );
  const entries = out.split('\0').filter(Boolean);
  const files: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    files.push(`${e.slice(0, 2).trim()} ${e.slice(3)}`);
    if (e[0] === 'R' || e[0] === 'C') i++; // the rename's source path follows
  }
  return files;
}

/** Gitignored paths in a worktree (a wholly ignored directory as one "dir/" entry); [] when none. */
export async function ignoredFiles(worktree: GitRepo): Promise<string[]> {
  const out = await worktree.ok(
    ['status', '--porcelain=v1', '-z', '--ignored=matching', '--untracked-files=all'],
    `cannot read the ignored files of ${worktree.dir}`,
    { GIT_OPTIONAL_LOCKS: '0' },
  );
  return out
    .split('\0')
    .filter((e) => e.startsWith('!! '))
    .map((e) => e.slice(3));
}

export type Commit = { sha: string; subject: string };

function parseLog(out: string): Commit[] {
  return out
    .split('\n')
    .filter(Boolean)
    .map((l) => ({ sha: l.slice(0, 40), subject: l.slice(41) }));
}

/** Commits on `head` not reachable from `base`. */
export async function commitsAhead(repo: GitRepo, base: string, head = 'HEAD'): Promise<Commit[]> {
  return parseLog(
    await repo.ok(['log', '--format=%H %s', `${base}..${head}`], `cannot compare ${head} with ${base}`),
  );
}

/**
 * Commits of `branch` that exist nowhere else: not reachable from the
 * default branch or from any remote-tracking ref, and with no equivalent
 * patch upstream (so a rebase-merge by the refinery counts as merged).
 */
export async function unlandedCommits(
  repo: GitRepo,
  branch: string,
  defaultBranch: string,
  opts: { remotes?: boolean } = {},
): Promise<Commit[]> {
  return unlandedCommitsOf(repo, `refs/heads/${branch}`, defaultBranch, branch, opts);
}

/**
 * `unlandedCommits` for any ref or commit id (a worktree's detached HEAD).
 * `remotes: false` (origin unreachable, so remote-tracking refs may be
 * stale) counts only the default branch, local or origin/<default>.
 */
export async function unlandedCommitsOf(
  repo: GitRepo,
  ref: string,
  defaultBranch: string,
  label = ref,
  opts: { remotes?: boolean } = {},
): Promise<Commit[]> {
  const landed =
    opts.remotes === false
      ? [
          `refs/heads/${defaultBranch}`,
          ...((await repo.tryRev(`refs/remotes/origin/${defaultBranch}`))
            ? [`refs/remotes/origin/${defaultBranch}`]
            : []),
        ]
      : ['--remotes', `refs/heads/${defaultBranch}`];
  const candidates = parseLog(
    await repo.ok(['log', '--format=%H %s', ref, '--not', ...landed], `cannot list the commits of ${label}`),
  );
  if (candidates.length === 0) return [];
  const upstream = await baseRef(repo, defaultBranch);
  // No patch-id comparison possible (cherry fails): every candidate counts as unlanded.
  const cherry = await repo.run(['cherry', upstream, ref]);
  const equivalent = new Set(
    cherry.code !== 0
      ? []
      : cherry.stdout
          .split('\n')
          .filter((l) => l.startsWith('- '))
          .map((l) => l.slice(2).trim()),
  );
  return candidates.filter((c) => !equivalent.has(c.sha));
}

/** Add a pattern to the repository's shared info/exclude (covers every worktree). */
export async function excludeInRepo(repo: GitRepo, pattern: string): Promise<void> {
  const common = resolve(
    repo.dir,
    (await repo.ok(['rev-parse', '--git-common-dir'], `cannot find the git dir of ${repo.dir}`)).trim(),
  );
  const file = join(common, 'info', 'exclude');
  const text = (await repo.files.readFile(file)) ?? '';
  if (text.split('\n').includes(pattern)) return;
  await repo.files.writeFile(file, `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${pattern}\n`);
}

/** What a worktree's HEAD points at: the branch ref (undefined when detached) and the commit. */
export async function worktreeHead(worktree: GitRepo): Promise<{ ref?: string; sha?: string }> {
  const sym = await worktree.run(['symbolic-ref', '--quiet', 'HEAD']);
  const ref = sym.code === 0 ? sym.stdout.trim() || undefined : undefined; // undefined: detached
  return { ref, sha: await worktree.tryRev('HEAD') };
}

/** Rebase, merge, cherry-pick or revert in progress in a worktree (its own git dir); [] when none. */
export async function operationsInProgress(worktree: GitRepo): Promise<string[]> {
  const dir = resolve(
    worktree.dir,
    (await worktree.ok(['rev-parse', '--git-dir'], `cannot find the git dir of ${worktree.dir}`)).trim(),
  );
  const marks: [string, string][] = [
    ['rebase-merge', 'rebase'],
    ['rebase-apply', 'rebase (am)'],
    ['MERGE_HEAD', 'merge'],
    ['CHERRY_PICK_HEAD', 'cherry-pick'],
    ['REVERT_HEAD', 'revert'],
  ];
  const present = await Promise.all(marks.map(([f]) => worktree.files.exists(join(dir, f))));
  return marks.filter((_, i) => present[i]).map(([, what]) => what);
}
