import { simpleGit, type SimpleGit } from 'simple-git';
import { OverseerError } from '../core/errors.js';

/**
 * The git adapter: every git process the project runs goes through here
 * (simple-git, argument arrays, never a shell). Errors become OverseerErrors
 * that say which repository and what git said.
 */
export function git(dir: string): SimpleGit {
  return simpleGit({
    baseDir: dir,
    maxConcurrentProcesses: 4,
    config: ['core.quotepath=off'],
    allowEnvironment: ALLOWED_GIT_ENV,
  } as Parameters<typeof simpleGit>[0]).env(gitEnv());
}

const ALLOWED_GIT_ENV = [
  'GIT_TERMINAL_PROMPT',
  'GIT_AUTHOR_NAME',
  'GIT_AUTHOR_EMAIL',
  'GIT_COMMITTER_NAME',
  'GIT_COMMITTER_EMAIL',
];

/**
 * The environment for git processes: only what git needs from the caller's
 * (no inherited GIT_* variables: a GIT_DIR from a hook must not redirect us;
 * no EDITOR or PAGER: git never opens one here), prompts off, and a fallback
 * identity for commits overseer makes itself.
 */
const PASSED_ENV = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'TMPDIR',
  'TZ',
  'SSH_AUTH_SOCK',
  'XDG_CONFIG_HOME',
];

export function gitEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of PASSED_ENV) {
    const v = process.env[k];
    if (v !== undefined) env[k] = v;
  }
  env.GIT_TERMINAL_PROMPT = '0';
  env.GIT_AUTHOR_NAME = process.env.GIT_AUTHOR_NAME ?? 'overseer';
  env.GIT_AUTHOR_EMAIL = process.env.GIT_AUTHOR_EMAIL ?? 'overseer@localhost';
  env.GIT_COMMITTER_NAME = process.env.GIT_COMMITTER_NAME ?? 'overseer';
  env.GIT_COMMITTER_EMAIL = process.env.GIT_COMMITTER_EMAIL ?? 'overseer@localhost';
  return env;
}

export function gitFailure(what: string, e: unknown): OverseerError {
  const msg = (e instanceof Error ? e.message : String(e))
    .trim()
    .split('\n')
    .filter(Boolean)
    .slice(-3)
    .join(' / ');
  return new OverseerError('git-failed', `${what}: ${msg}`, { cause: e });
}

export async function cloneRepo(source: string, dest: string, branch?: string): Promise<void> {
  try {
    await git(process.cwd()).clone(source, dest, branch ? ['--branch', branch] : []);
  } catch (e) {
    throw gitFailure(`cannot clone ${source}`, e);
  }
}

/** The branch a fresh clone checked out (the origin's HEAD). */
export async function currentBranch(dir: string): Promise<string> {
  try {
    return (await git(dir).raw(['rev-parse', '--abbrev-ref', 'HEAD'])).trim();
  } catch {
    return 'HEAD'; // an unborn or dangling HEAD: no branch to work from
  }
}

export async function revParse(dir: string, ref: string): Promise<string | undefined> {
  try {
    return (await git(dir).raw(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The git steps of adding a rig (the town layer's RigGit). */
export const rigGit = { clone: cloneRepo, currentBranch, revParse };
