import type { FileChange } from '../town/schemas/oracle.js';
import { parseGitPatch } from './diff-parse.js';
import type { GitRepo } from './git.js';

/**
 * What a branch changes against main, from git itself: one `git diff -U0 -M
 * main...tip` (the three dots diff from the merge base, so main moving on
 * does not show up as the branch's change), read into files and hunks.
 * Config that would change the output (colour, external diff, textconv,
 * prefixes) is overridden on the command line.
 */
export async function branchChanges(repo: GitRepo, main: string, tip: string): Promise<FileChange[]> {
  const text = await repo.ok(
    [
      'diff',
      '--no-color',
      '--no-ext-diff',
      '--no-textconv',
      '-U0',
      '-M',
      '--src-prefix=a/',
      '--dst-prefix=b/',
      `${main}...${tip}`,
      '--',
    ],
    `cannot diff ${tip} against ${main} in ${repo.dir}`,
  );
  return parseGitPatch(text);
}
