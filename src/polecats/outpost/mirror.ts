import { OverseerError } from '../../core/errors.js';
import type { GitRepo } from '../../runtime/git.js';
import type { SshRunner } from '../../runtime/ssh/ssh-runner.js';

/**
 * Code travels by git over the outpost's SSH connection: the rig's base is
 * pushed into a bare mirror there (polecat worktrees branch from it), and a
 * polecat's branch is fetched back into the canonical clone, where the
 * refinery finds it as it finds a local polecat's.
 */
export async function ensureMirror(r: SshRunner, rig: string, defaultBranch: string): Promise<GitRepo> {
  const path = r.layout.mirror(rig);
  const made = await r.run('git', ['init', '--bare', '--quiet', `--initial-branch=${defaultBranch}`, path]);
  if (made.code !== 0)
    throw new OverseerError(
      'outpost-git',
      `outpost ${r.host}: cannot create the mirror ${path}: ${made.stderr.trim()}`,
    );
  return r.git(path);
}

/** Push `sha` as the mirror's default branch; returns the mirror. */
export async function pushBase(
  r: SshRunner,
  canonical: GitRepo,
  rig: string,
  defaultBranch: string,
  sha: string,
): Promise<GitRepo> {
  const mirror = await ensureMirror(r, rig, defaultBranch);
  await canonical.ok(
    ['push', '--quiet', '--force', r.gitUrl(mirror.dir), `${sha}:refs/heads/${defaultBranch}`],
    `cannot push ${defaultBranch} to outpost ${r.host}`,
    await r.gitSshEnv(),
  );
  return mirror;
}

/** Fetch a polecat's branch from the outpost's mirror into the canonical clone; its head there. */
export async function fetchBranch(
  r: SshRunner,
  canonical: GitRepo,
  rig: string,
  branch: string,
): Promise<string> {
  await canonical.ok(
    [
      'fetch',
      '--quiet',
      '--no-tags',
      r.gitUrl(r.layout.mirror(rig)),
      `+refs/heads/${branch}:refs/heads/${branch}`,
    ],
    `cannot fetch ${branch} from outpost ${r.host}`,
    await r.gitSshEnv(),
  );
  return canonical.rev(`refs/heads/${branch}`);
}
