import { OverseerError } from '../core/errors.js';
import type { Exec } from './exec.js';
import { filesOf, type HostFiles } from './host-files.js';

/**
 * The git layer: every git command is an argument array run by a Runner
 * (runner.git(dir)), with one environment and one way to read the answer:
 * `run` returns the exit code (the refinery branches on it: merge-tree,
 * merge-base --is-ancestor, rebase), `ok` turns a non-zero exit into an
 * OverseerError saying which repository and what git said.
 */
export type GitResult = { code: number; stdout: string; stderr: string };

export class GitRepo {
  constructor(
    private readonly runner: Exec,
    readonly dir: string,
  ) {}

  /** The host this repository is on ('local' or an outpost). */
  get host(): string {
    return this.runner.host;
  }

  /** Small files on the repository's host. */
  get files(): HostFiles {
    return filesOf(this.runner);
  }

  /** The same host, another repository (a worktree's main clone, a clone's origin). */
  at(dir: string): GitRepo {
    return new GitRepo(this.runner, dir);
  }

  async run(args: readonly string[], extraEnv: Record<string, string> = {}): Promise<GitResult> {
    const r = await this.runner.run('git', ['-c', 'core.quotepath=off', ...args], {
      cwd: this.dir,
      env: { ...gitEnv(), ...extraEnv },
      extendEnv: false,
    });
    if (r.missing) throw new OverseerError('git-missing', `git is not installed on ${this.runner.host}`);
    return { code: r.code, stdout: r.stdout, stderr: r.stderr };
  }

  /** stdout of a command that must succeed; `what` names the step in the error. */
  async ok(args: readonly string[], what: string, extraEnv: Record<string, string> = {}): Promise<string> {
    const r = await this.run(args, extraEnv);
    if (r.code !== 0) throw gitFailure(what, new Error(r.stderr || r.stdout || `git exited ${r.code}`));
    return r.stdout;
  }

  /** The commit a ref names, or undefined when there is none. */
  async tryRev(ref: string): Promise<string | undefined> {
    const r = await this.run(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    return r.code === 0 ? r.stdout.trim() || undefined : undefined;
  }

  /** The commit a ref names; an error when there is none. */
  async rev(ref: string): Promise<string> {
    const sha = await this.tryRev(ref);
    if (!sha) throw gitFailure(`no commit ${ref} in ${this.dir}`, new Error('unknown revision'));
    return sha;
  }

  /** The branch HEAD names (a fresh clone: the origin's HEAD); 'HEAD' when unborn or detached. */
  async currentBranch(): Promise<string> {
    const r = await this.run(['rev-parse', '--abbrev-ref', 'HEAD']);
    return r.code === 0 ? r.stdout.trim() : 'HEAD';
  }

  /** `git clone [--branch B] SOURCE DEST` (run from this directory). */
  async clone(source: string, dest: string, branch?: string): Promise<void> {
    await this.ok(
      ['clone', ...(branch ? ['--branch', branch] : []), '--', source, dest],
      `cannot clone ${source}`,
    );
  }
}

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

/** What adding a rig asks of git on a runner (the town layer's RigGit). */
export function rigGit(runner: Exec) {
  const here = new GitRepo(runner, process.cwd());
  return {
    clone: (source: string, dest: string, branch?: string) => here.clone(source, dest, branch),
    currentBranch: (dir: string) => here.at(dir).currentBranch(),
    revParse: (dir: string, ref: string) => here.at(dir).tryRev(ref),
    remoteBranches: (dir: string) => remoteBranches(here.at(dir)),
    checkoutRemoteBranch: (dir: string, branch: string) =>
      here
        .at(dir)
        .ok(
          ['checkout', '-q', '-B', branch, '--track', `origin/${branch}`],
          `cannot check out ${branch} in ${dir}`,
        )
        .then(() => undefined),
  };
}

/** Branches of a clone's `origin` remote (short names, `HEAD` left out), sorted. */
export async function remoteBranches(repo: GitRepo): Promise<string[]> {
  const out = await repo.ok(
    ['for-each-ref', '--format=%(refname:lstrip=3)', 'refs/remotes/origin/'],
    `cannot list the branches of ${repo.dir}`,
  );
  return out
    .split('\n')
    .map((l) => l.trim())
    .filter((b) => b !== '' && b !== 'HEAD')
    .sort();
}
