import { existsSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { OverseerError } from '../core/errors.js';
import { assertName } from '../core/names.js';
import { nowIso } from '../core/time.js';
import { type MergeRequest, listMergeRequests } from '../town/merge-requests.js';
import { readPolecat } from '../town/polecat-state.js';
import type { Town } from '../town/town.js';
import { integrate } from './integrate.js';
import { withRefineryLock } from './lock.js';
import { type PolecatNotifier, polecatSession, tmuxNotifier } from './notifier.js';
import { directOutcome } from './outcome-table.js';
import { type LandedReport, finishLanded } from './outcomes.js';
import { recoverInFlight } from './process.js';
import { conflictPaths, countCommits, isAncestor } from '../runtime/git-landing.js';
import type { GitRepo } from '../runtime/git.js';
import { runnerFor } from '../runtime/hosts.js';
import type { Runner } from '../runtime/runner.js';
import { dirtyFiles } from '../runtime/worktree.js';
import { writeCurrent } from './state.js';
import { polecatBranch } from '../town/schemas/polecat.js';

/**
 * Direct landing (the seed's `gt land --direct`): put one polecat's branch on
 * main now, bypassing the queue, through the same pipeline in the
 * refinery's clone. Safety checks first: the session has ended, the work
 * tree is clean (both skippable with --force), there is something to land
 * and it does not conflict with main (never skippable: a conflicting branch
 * cannot land). `planLanding` only reads: it is the dry run and the
 * cockpit's confirm dialog.
 */

export type LandOptions = {
  /** The town's local runner (the refinery works on this machine); default runnerFor(town). */
  runner?: Runner;
  force?: boolean;
  /** Land by this plan (the one the operator was shown) instead of planning again. */
  plan?: LandingPlan;
  skipTests?: boolean;
  dryRun?: boolean;
  notifier?: PolecatNotifier;
};

export type PlanStep = {
  id: string;
  text: string;
  /** ok: check passed; blocked: check failed; skip: not done (option); todo: what landing will do. */
  status: 'ok' | 'blocked' | 'skip' | 'todo';
  /** A failed check --force may skip (the session still runs, the tree is dirty). */
  forcible?: boolean;
};

export type LandingPlan = {
  rig: string;
  polecat: string;
  branch: string;
  issue?: string;
  mr?: string;
  base?: string;
  tip?: string;
  steps: PlanStep[];
  blockers: string[];
  canLand: boolean;
};

export function parseTarget(target: string): { rig: string; polecat: string } {
  const m = /^([^/]+)\/(?:polecats\/)?([^/]+)$/.exec(target);
  if (!m)
    throw new OverseerError('bad-target', `expected RIG/POLECAT, got ${JSON.stringify(target)}`, {
      exitCode: 2,
    });
  return { rig: assertName('rig', m[1]), polecat: assertName('polecat', m[2]) };
}

/** The open merge request for a branch (and the polecat's issue, when known), if any (newest). */
function openRequestFor(town: Town, rig: string, branch: string, issue?: string): MergeRequest | undefined {
  return listMergeRequests(town, rig)
    .filter(
      (m) =>
        m.mr.branch === branch &&
        (issue === undefined || m.mr.source_issue === issue) &&
        m.mr.state !== 'merged' &&
        m.mr.state !== 'rejected',
    )
    .sort((a, b) => b.created_at.localeCompare(a.created_at))[0];
}

/** The origin's default branch as the canonical clone can see it, without fetching (read-only). */
async function originMain(canonical: GitRepo, main: string): Promise<{ sha?: string; note?: string }> {
  const ls = await canonical.run(['ls-remote', 'origin', `refs/heads/${main}`]);
  const remote = ls.code === 0 ? ls.stdout.split(/\s/)[0] : undefined;
  if (remote && (await canonical.tryRev(remote))) return { sha: remote };
  const known = await canonical.tryRev(`refs/remotes/origin/${main}`);
  return {
    sha: known,
    note: remote
      ? `origin has ${main} at ${remote.slice(0, 10)}, not fetched yet; checked against the last fetched ${main}`
      : `origin unreachable; checked against the last fetched ${main}`,
  };
}

export async function planLanding(
  town: Town,
  rig: string,
  polecat: string,
  opts: LandOptions = {},
): Promise<LandingPlan> {
  const config = town.rig(assertName('rig', rig));
  assertName('polecat', polecat);
  const paths = town.rigPaths(rig);
  const runner = opts.runner ?? runnerFor(town);
  const canonical = runner.git(paths.canonicalClone);
  const notifier = opts.notifier ?? tmuxNotifier(town);
  const state = readPolecat(paths, polecat);
  const branch = state?.branch ?? polecatBranch(polecat);
  const mr = openRequestFor(town, rig, branch, state?.issue);
  const issue = state?.issue ?? mr?.mr.source_issue;
  const steps: PlanStep[] = [];
  const blockers: string[] = [];
  const check = (id: string, ok: boolean, okText: string, badText: string, forcible: boolean) => {
    if (ok) steps.push({ id, text: okText, status: 'ok' });
    else {
      steps.push({ id, text: badText, status: 'blocked', ...(forcible ? { forcible } : {}) });
      blockers.push(badText);
    }
  };

  const session = polecatSession(town, rig, polecat);
  const alive = await notifier.isAlive(rig, polecat);
  check('session', !alive, `session ${session} has ended`, `session ${session} is still running`, true);

  const worktree = state?.worktree ?? paths.worktree(polecat);
  if (existsSync(worktree)) {
    const dirty = await dirtyFiles(runner.git(worktree));
    check(
      'clean',
      dirty.length === 0,
      'work tree is clean',
      `work tree ${worktree} has ${dirty.length} uncommitted change(s): ${dirty
        .slice(0, 3)
        .map((l) => l.slice(l.indexOf(' ') + 1))
        .join(', ')}`,
      true,
    );
  } else steps.push({ id: 'clean', text: 'no work tree (already removed)', status: 'ok' });

  const tip = await canonical.tryRev(`refs/heads/${branch}`);
  const origin = await originMain(canonical, config.default_branch);
  const base = origin.sha;
  if (!tip) check('branch', false, '', `branch ${branch} does not exist in ${paths.canonicalClone}`, false);
  else if (!base)
    check('branch', false, '', `cannot tell where ${config.default_branch} is on the origin`, false);
  else {
    const n = await countCommits(canonical, base, tip);
    check(
      'commits',
      n > 0,
      `${n} commit(s) on ${branch} not on ${config.default_branch}`,
      `nothing to land: ${branch} has no commits that are not on ${config.default_branch}`,
      false,
    );
    mkdirSync(town.paths.tmpDir, { recursive: true });
    const quarantine = mkdtempSync(join(town.paths.tmpDir, 'land-check-'));
    try {
      // A fast-forward cannot conflict; otherwise ask merge-tree (objects go to a throwaway directory).
      const ff = await isAncestor(canonical, base, tip);
      const conflicts = n > 0 && !ff ? await conflictPaths(canonical, base, tip, quarantine) : [];
      check(
        'conflicts',
        conflicts.length === 0,
        `no conflict with ${config.default_branch} (${base.slice(0, 10)})${origin.note ? `; ${origin.note}` : ''}`,
        `conflicts with ${config.default_branch} in: ${conflicts.join(', ')}`,
        false,
      );
    } finally {
      rmSync(quarantine, { recursive: true, force: true });
    }
  }

  const todo = (id: string, text: string) => steps.push({ id, text, status: 'todo' });
  todo(
    'fetch',
    `fetch ${config.default_branch} from origin and ${branch} from the canonical clone into ${paths.refineryClone}`,
  );
  todo(
    'integrate',
    config.merge_strategy === 'merge'
      ? `merge ${branch} into ${config.default_branch} (merge commit)`
      : `rebase ${branch} onto ${config.default_branch}`,
  );
  if (opts.skipTests) steps.push({ id: 'test', text: 'run tests (skipped: --skip-tests)', status: 'skip' });
  else if (config.test_command.trim() === '')
    steps.push({ id: 'test', text: 'run tests (no test_command configured)', status: 'skip' });
  else todo('test', `run tests: ${config.test_command} (timeout ${config.test_timeout}s)`);
  todo(
    'push',
    `push the result to origin ${config.default_branch} (only if it is still at ${base?.slice(0, 10) ?? '?'})`,
  );
  if (issue) todo('close', `close issue ${issue}`);
  if (mr) todo('mr', `mark merge request ${mr.id} merged`);
  todo('branch', `delete branch ${branch} (kept while a worktree has it checked out)`);
  todo('canonical', `fast-forward ${config.default_branch} in ${paths.canonicalClone}`);
  todo('mail', `mail ${rig}/witness that ${polecat} can be cleaned up`);
  const plan = {
    rig,
    polecat,
    branch,
    issue,
    mr: mr?.id,
    base,
    tip,
    steps,
    blockers,
    canLand: blockers.length === 0,
  };
  return opts.force ? forcePlan(plan) : plan;
}

/** The plan with --force: the checks it may skip are skipped (said so), the others still block. */
export function forcePlan(plan: LandingPlan): LandingPlan {
  const steps = plan.steps.map((s) =>
    s.status === 'blocked' && s.forcible
      ? { id: s.id, text: `${s.text} (ignored: --force)`, status: 'skip' as const }
      : s,
  );
  const blockers = steps.filter((s) => s.status === 'blocked').map((s) => s.text);
  return { ...plan, steps, blockers, canLand: blockers.length === 0 };
}

export type LandResult = { plan: LandingPlan; landed?: LandedReport; dryRun: boolean };

export async function land(
  town: Town,
  rig: string,
  polecat: string,
  opts: LandOptions = {},
): Promise<LandResult> {
  const plan = opts.plan ?? (await planLanding(town, rig, polecat, opts));
  if (opts.dryRun) return { plan, dryRun: true };
  if (!plan.canLand) {
    throw new OverseerError('land-refused', `cannot land ${rig}/${polecat}: ${plan.blockers.join('; ')}`, {
      hint: plan.steps.some((s) => s.id === 'session' || s.id === 'clean')
        ? '--force skips the session and clean-tree checks'
        : undefined,
    });
  }
  const config = town.rig(rig);
  const paths = town.rigPaths(rig);
  const runner = opts.runner ?? runnerFor(town);
  const actor = 'overseer';
  return withRefineryLock(runner.processes, paths, `land ${rig}/${polecat}`, async () => {
    await recoverInFlight(town, rig, runner);
    const current = { mr: `land:${polecat}`, step: 'fetch' as const, started_at: nowIso(), pid: process.pid };
    try {
      await writeCurrent(paths, current);
      const r = await integrate({
        runner,
        config,
        paths,
        branch: plan.branch,
        message: `Merge ${plan.branch}${plan.issue ? ` (${plan.issue})` : ''}`,
        runTests: !opts.skipTests,
        onStep: async (step, info) => writeCurrent(paths, { ...current, ...info, step }),
      });
      const mr = plan.mr ? openRequestFor(town, rig, plan.branch, plan.issue) : undefined;
      const finish = async (tip: string, sha: string, reason: string) =>
        finishLanded(town, runner, {
          rig,
          branch: plan.branch,
          polecat,
          sourceIssue: plan.issue,
          mr,
          tip,
          sha,
          reason,
          actor,
        });
      return { plan, dryRun: false, landed: await directOutcome(r, { config, branch: plan.branch, finish }) };
    } finally {
      await writeCurrent(paths, undefined, { last_run_at: nowIso() });
    }
  });
}
