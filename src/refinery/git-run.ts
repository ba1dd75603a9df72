import { execa } from 'execa';
import { gitEnv, gitFailure } from '../runtime/git.js';

/**
 * Run git with an argument array (never a shell) and the safe git
 * environment. Unlike simple-git's `raw`, the exit code is returned, because
 * the refinery branches on it (merge-tree, merge-base --is-ancestor, rebase).
 */
export type GitResult = { code: number; stdout: string; stderr: string };

export async function gitRun(
  dir: string,
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<GitResult> {
  const r = await execa('git', ['-c', 'core.quotepath=off', ...args], {
    cwd: dir,
    env: { ...gitEnv(), ...extraEnv },
    extendEnv: false,
    reject: false,
    stripFinalNewline: true,
  });
  return { code: r.exitCode ?? 1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

/** Run git and return stdout; a non-zero exit is an OverseerError saying what failed. */
export async function gitOk(
  dir: string,
  args: string[],
  what: string,
  extraEnv: Record<string, string> = {},
): Promise<string> {
  const r = await gitRun(dir, args, extraEnv);
  if (r.code !== 0) throw gitFailure(what, new Error(r.stderr || r.stdout || `git exited ${r.code}`));
  return r.stdout;
}
