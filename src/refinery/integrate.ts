import type { Runner } from '../runtime/runner.js';
import type { RigPaths } from '../town/paths.js';
import type { RigConfig } from '../town/schemas/rig.js';
import {
  conflictPaths,
  countCommits,
  ensureMayorRemote,
  fetchBranch,
  fetchPolecatBranch,
  landedState,
  mergeInto,
  pushMain,
  rebaseOnto,
  resetScratch,
} from '../runtime/git-landing.js';
import type { Step } from './state.js';
import { type TestRun, runTestCommand } from './test-runner.js';

/**
 * The landing pipeline shared by the merge queue and direct landing, in the
 * refinery's clone: fetch main and the polecat branch, bring the branch onto
 * main (rebase or merge, on a detached HEAD), run the tests, push. Nothing
 * is published before the final push, and the push is refused if the origin
 * moved since `base` was fetched (then the whole thing is redone on the new
 * main, a few times at most).
 */

export type IntegrateInput = {
  runner: Runner;
  config: RigConfig;
  paths: RigPaths;
  branch: string;
  /** Merge commit message (merge strategy). */
  message: string;
  runTests: boolean;
  /** Record progress (state.json) before each step. */
  onStep?: (
    step: Step,
    info: { base?: string; tip?: string; candidate?: string; test_pgid?: number },
  ) => Promise<void>;
  maxAttempts?: number;
};

export type IntegrateResult =
  | { kind: 'missing-branch' }
  | { kind: 'empty'; base: string; tip: string }
  | { kind: 'already'; base: string; tip: string; how: 'ancestor' | 'equivalent' }
  | { kind: 'conflict'; base: string; tip: string; paths: string[]; predicted?: boolean }
  | { kind: 'failed'; base: string; tip: string; candidate: string; run: TestRun }
  | { kind: 'moved'; attempts: number }
  | { kind: 'landed'; base: string; tip: string; sha: string; run?: TestRun };

export async function integrate(input: IntegrateInput): Promise<IntegrateResult> {
  const { config, paths, branch } = input;
  const clone = input.runner.git(paths.refineryClone);
  const main = config.default_branch;
  const step = input.onStep ?? (async () => undefined);
  const max = input.maxAttempts ?? 3;
  for (let attempt = 1; attempt <= max; attempt++) {
    await step('fetch', {});
    await ensureMayorRemote(clone, paths.canonicalClone);
    const base = await fetchBranch(clone, main);
    const tip = await fetchPolecatBranch(clone, branch);
    if (!tip) return { kind: 'missing-branch' };
    if ((await countCommits(clone, base, tip)) === 0) return { kind: 'empty', base, tip };
    const landed = await landedState(clone, base, tip);
    if (landed !== 'no') return { kind: 'already', base, tip, how: landed };
    const paths0 = await conflictPaths(clone, base, tip);
    if (paths0.length > 0) return { kind: 'conflict', base, tip, paths: paths0, predicted: true };

    await step('integrate', { base, tip });
    const integ =
      config.merge_strategy === 'merge'
        ? await mergeInto(clone, base, tip, input.message)
        : await rebaseOnto(clone, base, tip);
    if (!integ.ok) return { kind: 'conflict', base, tip, paths: integ.paths };
    const candidate = integ.sha;

    let run: TestRun | undefined;
    if (input.runTests && config.test_command.trim() !== '') {
      await step('test', { base, tip, candidate });
      run = await runTestCommand(input.runner, config.test_command, {
        cwd: clone.dir,
        timeoutSec: config.test_timeout,
        onStart: (pgid) => step('test', { base, tip, candidate, test_pgid: pgid }),
      });
      if (!run.ok) {
        await resetScratch(clone, base);
        return { kind: 'failed', base, tip, candidate, run };
      }
    }

    await step('push', { base, tip, candidate });
    const pushed = await pushMain(clone, candidate, main, base);
    if (pushed === 'pushed') return { kind: 'landed', base, tip, sha: candidate, run };
  }
  return { kind: 'moved', attempts: max };
}
