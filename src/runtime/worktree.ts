import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { appendFileWhole } from '../core/disk-write.js';
import { join, resolve } from 'node:path';
import { git, gitFailure, revParse } from './git.js';

/**
 * Git worktree and branch operations for polecats. Argument arrays through
 * simple-git only. Read-only helpers never throw for "absent": they answer
 * with empty results so verification code can reason about partial states.
 */

/** Parallel checkout (one worker per core) once a tree has 100+ files. */
const PARALLEL_CHECKOUT = ['-c', 'checkout.workers=0', '-c', 'checkout.thresholdForParallelism=100'];

export async function branchExists(repo: string, branch: string): Promise<boolean> {
  return (await revParse(repo, `refs/heads/${branch}`)) !== undefined;
}

/** Best-effort `git fetch origin` (a missing or unreachable origin is not an error here). */
export async function fetchOrigin(repo: string): Promise<boolean> {
  try {
    await git(repo).raw(['fetch', '--quiet', '--prune', 'origin']);
    return true;
  } catch {
    return false;
  }
}

/** The ref new work starts from: origin/<branch> when the clone has it, else the local branch. */
export async function baseRef(repo: string, defaultBranch: string): Promise<string> {
  const remote = `refs/remotes/origin/${defaultBranch}`;
  return (await revParse(repo, remote)) ? remote : `refs/heads/${defaultBranch}`;
}

/** `git worktree add -b <branch> <path> <base>` (no tracking: the branch is the polecat's own). */
export async function addWorktree(repo: string, path: string, branch: string, base: string): Promise<void> {
  try {
    // Parallel checkout (one worker per core) once a tree has 100+ files: spawn
    // latency on large repositories is mostly git writing the work tree.
    await git(repo).raw([
      ...PARALLEL_CHECKOUT,
      'worktree',
      'add',
      '--quiet',
      '--no-track',
      '-b',
      branch,
      path,
      base,
    ]);
  } catch (e) {
    throw gitFailure(`cannot create worktree ${path} on branch ${branch}`, e);
  }
}

/** `git worktree add --detach <path> <base>`: a worktree on no branch (warm pool entries). */
export async function addDetachedWorktree(repo: string, path: string, base: string): Promise<void> {
  try {
    await git(repo).raw([...PARALLEL_CHECKOUT, 'worktree', 'add', '--quiet', '--detach', path, base]);
  } catch (e) {
    throw gitFailure(`cannot create worktree ${path} at ${base}`, e);
  }
}

/** `git worktree move <from> <to>`: a rename of the directory plus git's bookkeeping. */
export async function moveWorktree(repo: string, from: string, to: string): Promise<void> {
  try {
    await git(repo).raw(['worktree', 'move', from, to]);
  } catch (e) {
    throw gitFailure(`cannot move worktree ${from} to ${to}`, e);
  }
}

/** In a worktree: `git checkout --no-track -b <branch> <base>` (only files that differ are rewritten). */
export async function checkoutNewBranch(worktree: string, branch: string, base: string): Promise<void> {
  try {
    await git(worktree).raw([...PARALLEL_CHECKOUT, 'checkout', '--quiet', '--no-track', '-b', branch, base]);
  } catch (e) {
    throw gitFailure(`cannot check out branch ${branch} at ${base} in ${worktree}`, e);
  }
}

/** Remove a worktree directory and its registration (force: callers verify first). */
export async function removeWorktree(repo: string, path: string): Promise<void> {
  try {
    if (existsSync(path)) await git(repo).raw(['worktree', 'remove', '--force', '--force', path]);
    await git(repo).raw(['worktree', 'prune']);
  } catch (e) {
    throw gitFailure(`cannot remove worktree ${path}`, e);
  }
}

export async function deleteBranch(repo: string, branch: string): Promise<void> {
  if (!(await branchExists(repo, branch))) return;
  try {
    await git(repo).raw(['branch', '-D', branch]);
  } catch (e) {
    throw gitFailure(`cannot delete branch ${branch}`, e);
  }
}

/** Uncommitted changes as porcelain lines ("M src/a.ts", "?? new.txt"); [] when clean. */
export async function dirtyFiles(worktree: string): Promise<string[]> {
  const out = await git(worktree).raw(['status', '--porcelain=v1', '-z', '--untracked-files=all']);
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
export async function ignoredFiles(worktree: string): Promise<string[]> {
  const out = await git(worktree).raw([
    'status',
    '--porcelain=v1',
    '-z',
    '--ignored=matching',
    '--untracked-files=all',
  ]);
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
export async function commitsAhead(repo: string, base: string, head = 'HEAD'): Promise<Commit[]> {
  try {
    return parseLog(await git(repo).raw(['log', '--format=%H %s', `${base}..${head}`]));
  } catch (e) {
    throw gitFailure(`cannot compare ${head} with ${base}`, e);
  }
}

/**
 * Commits of `branch` that exist nowhere else: not reachable from the
 * default branch or from any remote-tracking ref, and with no equivalent
 * patch upstream (so a rebase-merge by the refinery counts as merged).
 */
export async function unlandedCommits(
  repo: string,
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
  repo: string,
  ref: string,
  defaultBranch: string,
  label = ref,
  opts: { remotes?: boolean } = {},
): Promise<Commit[]> {
  const g = git(repo);
  const landed =
    opts.remotes === false
      ? [
          `refs/heads/${defaultBranch}`,
          ...((await revParse(repo, `refs/remotes/origin/${defaultBranch}`))
            ? [`refs/remotes/origin/${defaultBranch}`]
            : []),
        ]
      : ['--remotes', `refs/heads/${defaultBranch}`];
  let candidates: Commit[];
  try {
    candidates = parseLog(await g.raw(['log', '--format=%H %s', ref, '--not', ...landed]));
  } catch (e) {
    throw gitFailure(`cannot list the commits of ${label}`, e);
  }
  if (candidates.length === 0) return [];
  const upstream = await baseRef(repo, defaultBranch);
  let equivalent = new Set<string>();
  try {
    const cherry = await g.raw(['cherry', upstream, ref]);
    equivalent = new Set(
      cherry
        .split('\n')
        .filter((l) => l.startsWith('- '))
        .map((l) => l.slice(2).trim()),
    );
  } catch {
    /* no patch-id comparison possible: every candidate counts as unlanded */
  }
  return candidates.filter((c) => !equivalent.has(c.sha));
}

/** Add a pattern to the repository's shared info/exclude (covers every worktree). */
export async function excludeInRepo(repo: string, pattern: string): Promise<void> {
  const common = resolve(repo, (await git(repo).raw(['rev-parse', '--git-common-dir'])).trim());
  const file = join(common, 'info', 'exclude');
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    mkdirSync(join(common, 'info'), { recursive: true });
  }
  if (text.split('\n').includes(pattern)) return;
  appendFileWhole(file, `${text === '' || text.endsWith('\n') ? '' : '\n'}${pattern}\n`);
}

/** What a worktree's HEAD points at: the branch ref (undefined when detached) and the commit. */
export async function worktreeHead(worktree: string): Promise<{ ref?: string; sha?: string }> {
  const g = git(worktree);
  let ref: string | undefined;
  try {
    ref = (await g.raw(['symbolic-ref', '--quiet', 'HEAD'])).trim() || undefined;
  } catch {
    ref = undefined; // detached
  }
  return { ref, sha: await revParse(worktree, 'HEAD') };
}

/** Rebase, merge, cherry-pick or revert in progress in a worktree (its own git dir); [] when none. */
export async function operationsInProgress(worktree: string): Promise<string[]> {
  let dir: string;
  try {
    dir = resolve(worktree, (await git(worktree).raw(['rev-parse', '--git-dir'])).trim());
  } catch (e) {
    throw gitFailure(`cannot find the git dir of ${worktree}`, e);
  }
  const marks: [string, string][] = [
    ['rebase-merge', 'rebase'],
    ['rebase-apply', 'rebase (am)'],
    ['MERGE_HEAD', 'merge'],
    ['CHERRY_PICK_HEAD', 'cherry-pick'],
    ['REVERT_HEAD', 'revert'],
  ];
  return marks.filter(([f]) => existsSync(join(dir, f))).map(([, what]) => what);
}
