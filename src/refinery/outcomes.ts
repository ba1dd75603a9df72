import { sanitizeLine } from '../core/sanitize.js';
import { addDependency, closeIssue, createIssue, updateIssue } from '../town/issues.js';
import { allMail, sendMail } from '../town/mail.js';
import { type MergeRequest, transitionMergeRequest } from '../town/merge-requests.js';
import type { Town } from '../town/town.js';
import type { PolecatNotifier } from './notifier.js';
import {
  type BranchCleanup,
  MAYOR_REMOTE,
  deleteLandedBranch,
  updateCanonical,
} from '../runtime/git-landing.js';
import type { Runner } from '../runtime/runner.js';
import type { TestRun } from './test-runner.js';
import { polecatAddress, polecatOfAddress } from '../town/schemas/polecat.js';

/** What happens around a request once the pipeline has an answer: beads, mail, nudges, cleanup. */

export const REFINERY_ACTOR = (rig: string) => `${rig}/refinery`;
const short = (sha: string) => sha.slice(0, 10);

async function tell(
  town: Town,
  rig: string,
  polecat: string | undefined,
  notifier: PolecatNotifier,
  subject: string,
  body: string,
  nudge: string,
): Promise<boolean> {
  if (!polecat) return false;
  await sendMail(town, { to: polecatAddress(rig, polecat), from: REFINERY_ACTOR(rig), subject, body });
  const alive = await notifier.isAlive(rig, polecat).catch(() => false);
  if (alive) await notifier.nudge(rig, polecat, nudge).catch(() => undefined);
  return alive;
}

export type LandedInput = {
  rig: string;
  branch: string;
  polecat?: string;
  sourceIssue?: string;
  mr?: MergeRequest;
  tip: string;
  sha: string;
  reason: string;
  actor: string;
};

export type LandedReport = {
  sha: string;
  branch: BranchCleanup;
  canonical: 'updated' | 'current' | 'skipped';
  closedIssue?: string;
};

/**
 * After main moved on the origin: record it (the request first: that is what
 * makes a landing count exactly once), close the issue, clean the branch up,
 * update the canonical clone and tell the witness. Every step is idempotent,
 * so crash recovery can run it again.
 */
export async function finishLanded(town: Town, runner: Runner, input: LandedInput): Promise<LandedReport> {
  const { rig } = input;
  const paths = town.rigPaths(rig);
  const mr = input.mr;
  if (mr && mr.mr.state !== 'merged') {
    await transitionMergeRequest(town, mr.id, 'merged', input.reason, {
      merged_commit: input.sha,
      head: input.tip,
    });
  }
  let closedIssue: string | undefined;
  const source = input.sourceIssue ? town.beadsFor(input.sourceIssue).get(input.sourceIssue) : undefined;
  if (source && source.status !== 'closed') {
    await closeIssue(
      town,
      source.id,
      `landed on ${town.rig(rig).default_branch} as ${short(input.sha)}${mr ? ` (${mr.id})` : ''}`,
    );
    closedIssue = source.id;
  }
  const resolveId = mr?.mr.resolve_issue;
  if (resolveId && town.beadsFor(resolveId).get(resolveId)?.status !== 'closed') {
    await closeIssue(town, resolveId, `${mr!.id} merged`);
  }
  const branch = await deleteLandedBranch(runner.git(paths.canonicalClone), input.branch, input.tip).catch(
    () => 'moved' as const,
  );
  await runner
    .git(paths.refineryClone)
    .run(['update-ref', '-d', `refs/remotes/${MAYOR_REMOTE}/${input.branch}`]);
  const canonical = await updateCanonical(
    runner.git(paths.canonicalClone),
    town.rig(rig).default_branch,
  ).catch(() => 'skipped' as const);

  const label = `landed:${input.sha}`;
  const told = allMail(town).some((m) => m.assignee === `${rig}/witness` && m.labels.includes(label));
  if (!told) {
    const who = input.polecat ? `polecat ${input.polecat}` : 'the polecat';
    const branchNote =
      branch === 'deleted'
        ? `branch ${input.branch} deleted.`
        : branch === 'checked-out'
          ? `branch ${input.branch} is still checked out in the worktree; it is on main now, remove it with the worktree.`
          : branch === 'moved'
            ? `branch ${input.branch} has commits newer than what landed; kept.`
            : `branch ${input.branch} is already gone.`;
    await sendMail(town, {
      to: `${rig}/witness`,
      from: REFINERY_ACTOR(rig),
      subject: `Merged ${input.branch}${mr ? ` (${mr.id})` : ''}: ${who} can be cleaned up`,
      body: [
        `${input.branch} landed on ${town.rig(rig).default_branch} as ${input.sha}.`,
        input.sourceIssue ? `Issue ${input.sourceIssue} closed.` : '',
        branchNote,
      ]
        .filter(Boolean)
        .join('\n'),
      labels: ['refinery', label],
    });
  }
  await town.events.emit({
    kind: 'mr.merged',
    actor: input.actor,
    rig,
    subject: mr?.id ?? input.branch,
    message: `${input.branch} landed as ${short(input.sha)}: ${input.reason}`,
    data: { sha: input.sha, tip: input.tip, branch, canonical },
  });
  return { sha: input.sha, branch, canonical, closedIssue };
}

/** A request that cannot be brought onto main: record the paths, open a resolve issue, tell people. */
export async function onConflict(
  town: Town,
  mr: MergeRequest,
  paths: string[],
  notifier: PolecatNotifier,
  how?: string,
): Promise<MergeRequest> {
  const rig = mr.mr.rig;
  const source = town.beadsFor(mr.mr.source_issue).get(mr.mr.source_issue);
  const listed = paths.length > 0 ? paths : ['(git reported a conflict without paths)'];
  const oldResolve = mr.mr.resolve_issue ? town.rigBeads(rig).get(mr.mr.resolve_issue) : undefined;
  const resolve =
    oldResolve && oldResolve.status !== 'closed'
      ? oldResolve
      : await createIssue(town, rig, {
          title: `Resolve merge conflicts: ${sanitizeLine(source?.title ?? mr.mr.branch, 400)}`,
          type: 'task',
          priority: source?.priority ?? mr.priority,
          labels: ['merge-conflict'],
          description: [
            `Merge request ${mr.id} (branch ${mr.mr.branch}) conflicts with ${mr.mr.target} in:`,
            ...listed.map((p) => `  - ${p}`),
            '',
            `From your own branch: bring its changes over (git merge --squash ${mr.mr.branch}), resolve these`,
            `files, commit and run \`overseer done\`; when your merge request lands, ${mr.id} counts as landed`,
            `through it. Or rebase ${mr.mr.branch} itself onto ${mr.mr.target}, resolve, commit, then close this`,
            `issue (the refinery requeues ${mr.id}) or run: overseer mq retry ${mr.id}`,
          ].join('\n'),
        });
  if (source) await addDependency(town, resolve.id, source.id, 'discovered-from');
  const next = await transitionMergeRequest(
    town,
    mr.id,
    'conflict',
    `conflicts with ${mr.mr.target} in ${listed.length} file(s): ${listed.slice(0, 5).join(', ')}${listed.length > 5 ? ', …' : ''}${how ? ` (${how})` : ''}`,
    { conflict_paths: paths, resolve_issue: resolve.id },
  );
  await addDependency(town, mr.id, resolve.id, 'blocks');
  const polecat = polecatOfAddress(mr.mr.worker);
  const body = [
    `${mr.mr.branch} conflicts with ${mr.mr.target} in:`,
    ...listed.map((p) => `  - ${p}`),
    '',
    `Resolve issue: ${resolve.id}. Rebase onto ${mr.mr.target}, fix, commit, then: overseer mq retry ${mr.id}`,
  ].join('\n');
  await tell(
    town,
    rig,
    polecat,
    notifier,
    `Merge conflict: ${mr.id} (${mr.mr.branch})`,
    body,
    `Refinery: ${mr.id} conflicts with ${mr.mr.target} in ${listed.slice(0, 3).join(', ')}. Rebase onto ${mr.mr.target}, resolve, commit, then run: overseer mq retry ${mr.id}`,
  );
  await sendMail(town, {
    to: 'mayor',
    from: REFINERY_ACTOR(rig),
    subject: `Merge conflict in ${rig}: ${mr.id} (${mr.mr.branch})`,
    body: `${body}\nSource issue: ${mr.mr.source_issue}`,
    labels: ['refinery', 'merge-conflict'],
  });
  await town.events.emit({
    kind: 'mr.conflict',
    actor: REFINERY_ACTOR(rig),
    rig,
    subject: mr.id,
    message: `${mr.mr.branch} conflicts with ${mr.mr.target}; created ${resolve.id}`,
    data: { paths, resolve_issue: resolve.id },
  });
  return next;
}

/** Tests failed: keep the output tail, tell the polecat; if it is gone, its issue goes back to open. */
export async function onFailed(
  town: Town,
  mr: MergeRequest,
  run: TestRun,
  notifier: PolecatNotifier,
  /** Why, when the result itself does not say (a run killed too many times). */
  reason?: string,
): Promise<MergeRequest> {
  const rig = mr.mr.rig;
  const why =
    reason ??
    (run.timedOut
      ? `tests timed out after ${town.rig(rig).test_timeout}s`
      : `tests failed (${run.signal ? `signal ${run.signal}` : `exit ${run.exitCode}`})`);
  const next = await transitionMergeRequest(town, mr.id, 'failed', why, { test_output_tail: run.tail });
  const polecat = polecatOfAddress(mr.mr.worker);
  const alive = await tell(
    town,
    rig,
    polecat,
    notifier,
    `Tests failed: ${mr.id} (${mr.mr.branch})`,
    `${why} on ${mr.mr.branch} rebased onto ${mr.mr.target}. Last lines:\n\n${run.tail}\n\nFix, commit, then: overseer mq retry ${mr.id}`,
    `Refinery: ${why} for ${mr.id}. See your mail for the output; fix, commit, then run: overseer mq retry ${mr.id}`,
  );
  if (!alive) {
    const source = town.beadsFor(mr.mr.source_issue).get(mr.mr.source_issue);
    if (source && source.status !== 'open') {
      await updateIssue(town, source.id, { status: 'open', assignee: null });
      await town.events.emit({
        kind: 'issue.reopened',
        actor: REFINERY_ACTOR(rig),
        rig,
        subject: source.id,
        message: `${source.id} reopened: ${why} on ${mr.id} and polecat ${polecat ?? mr.mr.worker} is gone`,
      });
    }
  }
  await town.events.emit({
    kind: 'mr.failed',
    actor: REFINERY_ACTOR(rig),
    rig,
    subject: mr.id,
    message: `${mr.mr.branch}: ${why}`,
    data: { exit_code: run.exitCode, timed_out: run.timedOut, polecat_alive: alive },
  });
  return next;
}
