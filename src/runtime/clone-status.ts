import type { GitRepo } from './git.js';
import type { Commit } from './worktree.js';

/**
 * What a full clone (a crew workspace) holds that its remotes do not:
 * commits on local branches or HEAD missing from every remote-tracking ref,
 * and stashes. `fetchPrune` first, when the origin answers, so a branch
 * deleted upstream counts as unpushed.
 */
export async function fetchPrune(clone: GitRepo): Promise<boolean> {
  return (await clone.run(['fetch', '--quiet', '--prune', 'origin'])).code === 0;
}

export async function unpushedCommits(clone: GitRepo): Promise<Commit[]> {
  const out = await clone.ok(
    ['log', '--format=%H %s', '--branches', 'HEAD', '--not', '--remotes'],
    `cannot list the unpushed commits of ${clone.dir}`,
  );
  return out
    .split('\n')
    .filter(Boolean)
    .map((l) => ({ sha: l.slice(0, 40), subject: l.slice(41) }));
}

export async function stashes(clone: GitRepo): Promise<string[]> {
  const out = await clone.ok(['stash', 'list', '--format=%gd %s'], `cannot list the stashes of ${clone.dir}`);
  return out.split('\n').filter(Boolean);
}
