import { runnerFor } from '../../runtime/hosts.js';
import type { GitRepo } from '../../runtime/git.js';
import type { Runner } from '../../runtime/runner.js';
import { SshRunner } from '../../runtime/ssh/ssh-runner.js';
import { branchExists } from '../../runtime/worktree.js';
import type { Town } from '../../town/town.js';
import { fetchBranch } from './mirror.js';

/**
 * The canonical clone of a polecat's rig (always on this machine), with the
 * polecat's branch brought up to date from its outpost's mirror first when
 * it runs on one. A branch that is not in the mirror (never committed to,
 * or removed) is left as the canonical clone has it. An unreachable outpost
 * is an error naming it: nothing may be judged on a stale copy.
 */
export async function canonicalWithBranch(
  town: Town,
  runner: Runner,
  rig: string,
  branch: string,
): Promise<GitRepo> {
  const dir = town.rigPaths(rig).canonicalClone;
  if (!(runner instanceof SshRunner)) return runner.git(dir);
  const canonical = runnerFor(town).git(dir);
  const mirror = runner.git(runner.layout.mirror(rig));
  if (await branchExists(mirror, branch)) await fetchBranch(runner, canonical, rig, branch);
  return canonical;
}

/** Where a polecat's worktree is on its host: the outpost's layout, or the rig's polecats/ here. */
export function expectedWorktree(town: Town, runner: Runner, rig: string, name: string): string {
  return runner instanceof SshRunner ? runner.layout.worktree(rig, name) : town.rigPaths(rig).worktree(name);
}

/** " on outpost NAME" for messages about a polecat's pieces; "" here. */
export function onHost(runner: Runner): string {
  return runner.host === 'local' ? '' : ` on outpost ${runner.host}`;
}

/** Remove what a polecat has on its outpost's mirror: its branch there (the worktree is removed by the caller). */
export function mirrorOf(runner: Runner, rig: string): GitRepo | undefined {
  return runner instanceof SshRunner ? runner.git(runner.layout.mirror(rig)) : undefined;
}
