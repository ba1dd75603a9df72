import { git, gitFailure } from './git.js';
import type { Commit } from './worktree.js';

/**
 * What a full clone (a crew workspace) holds that its remotes do not:
 * commits on local branches or HEAD missing from every remote-tracking ref,
 * and stashes. Fetches first (with prune) when the origin answers, so a
 * branch deleted upstream counts as unpushed.
 */
export async function fetchPrune(clone: string): Promise<boolean> {
  try {
    await git(clone).raw(['fetch', '--quiet', '--prune', 'origin']);
    return true;
  } catch {
    return false;
  }
}

export async function unpushedCommits(clone: string): Promise<Commit[]> {
  try {
    const out = await git(clone).raw(['log', '--format=%H %s', '--branches', 'HEAD', '--not', '--remotes']);
    return out
      .split('\n')
      .filter(Boolean)
      .map((l) => ({ sha: l.slice(0, 40), subject: l.slice(41) }));
  } catch (e) {
    throw gitFailure(`cannot list the unpushed commits of ${clone}`, e);
  }
}

export async function stashes(clone: string): Promise<string[]> {
  try {
    return (await git(clone).raw(['stash', 'list', '--format=%gd %s'])).split('\n').filter(Boolean);
  } catch (e) {
    throw gitFailure(`cannot list the stashes of ${clone}`, e);
  }
}
