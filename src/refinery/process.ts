import { errorMessage } from '../core/errors.js';
import { nowIso } from '../core/time.js';
import { type MergeRequest, isMergeRequest, transitionMergeRequest } from '../town/merge-requests.js';

import type { Town } from '../town/town.js';
import { integrate } from './integrate.js';
import { withRefineryLock } from './lock.js';
import { QueueOrder } from './queue-order.js';
import { type PolecatNotifier, tmuxNotifier } from './notifier.js';
import { type ProcessResult, queueOutcome } from './outcome-table.js';
import { REFINERY_ACTOR, finishLanded } from './outcomes.js';
import { fetchBranch, isAncestor, landedState } from '../runtime/git-landing.js';
import { runnerFor } from '../runtime/hosts.js';
import type { Runner } from '../runtime/runner.js';
import { type Current, currentOf, readRefineryState, writeCurrent } from './state.js';
import { polecatOfAddress } from '../town/schemas/polecat.js';

/** The merge queue processor: one request at a time, crash-safe, under the rig's refinery lock. */

export type { Outcome, ProcessResult } from './outcome-table.js';
export type ProcessOptions = {
  /** The town's local runner; default runnerFor(town). */
  runner?: Runner;
  notifier?: PolecatNotifier;
  once?: boolean;
  max?: number;
  /** Queued requests to leave alone in this run (held by a plugin). */
  skip?: readonly string[];
};
export type QueueRun = { recovered: ProcessResult[]; processed: ProcessResult[] };

const ERROR_LIMIT = 3;

/**
 * Process queued requests of a rig (priority, then age; blocked ones wait),
 * after recovering whatever a killed refinery left in flight. `once`: at
 * most one request.
 */
export async function processQueue(town: Town, rig: string, opts: ProcessOptions = {}): Promise<QueueRun> {
  town.rig(rig);
  const paths = town.rigPaths(rig);
  const runner = opts.runner ?? runnerFor(town);
  return withRefineryLock(runner.processes, paths, 'process the merge queue', async () => {
    const recovered = await recoverInFlight(town, rig, runner);
    const processed: ProcessResult[] = [];
    const max = opts.once ? 1 : (opts.max ?? Infinity);
    // The oracle orders the queue: disjoint requests first, overlapping ones one at a time.
    const order = new QueueOrder(town, rig, runner, opts.skip);
    while (processed.length < max) {
      const placed = await order.placed();
      const next = placed[0];
      if (!next) break;
      await order.noteWaiting(placed, next);
      const result = await processOneLocked(town, runner, next.mr, opts, next.note);
      order.done(next.mr, result.outcome);
      processed.push(result);
    }
    return { recovered, processed };
  });
}

/** Process one named request (or the next in the queue) now. */
export async function processOne(
  town: Town,
  rig: string,
  mrId?: string,
  opts: ProcessOptions = {},
): Promise<ProcessResult | undefined> {
  const paths = town.rigPaths(rig);
  const runner = opts.runner ?? runnerFor(town);
  return withRefineryLock(runner.processes, paths, 'process a merge request', async () => {
    await recoverInFlight(town, rig, runner);
    const beads = town.rigBeads(rig).all();
    const first = mrId ? undefined : (await new QueueOrder(town, rig, runner).placed())[0];
    const mr = mrId ? beads.get(mrId) : first?.mr;
    if (!mr || !isMergeRequest(mr)) return undefined;
    return processOneLocked(town, runner, mr, opts, first?.note);
  });
}

async function processOneLocked(
  town: Town,
  runner: Runner,
  queued: MergeRequest,
  opts: ProcessOptions,
  why?: string,
): Promise<ProcessResult> {
  const rig = queued.mr.rig;
  const config = town.rig(rig);
  const paths = town.rigPaths(rig);
  const notifier = opts.notifier ?? tmuxNotifier(town);
  const actor = REFINERY_ACTOR(rig);
  const mr = await transitionMergeRequest(
    town,
    queued.id,
    'testing',
    `picked up by the refinery (pid ${process.pid})${why ? `: ${why}` : ''}`,
    {},
    { from: ['queued'] },
  );
  const started_at = nowIso();
  let current: Current = { mr: mr.id, step: 'fetch', started_at, pid: process.pid };
  await writeCurrent(paths, current);
  await town.events.emit({
    kind: 'mr.testing',
    actor,
    rig,
    subject: mr.id,
    message: `processing ${mr.mr.branch}`,
  });
  const source = town.beadsFor(mr.mr.source_issue).get(mr.mr.source_issue);
  try {
    const result = await integrate({
      runner,
      config,
      paths,
      branch: mr.mr.branch,
      message: `Merge ${mr.mr.branch} (${mr.id})${source ? `: ${source.title.slice(0, 200)}` : ''}`,
      runTests: true,
      onStep: async (step, info) => {
        current = { ...current, ...info, step };
        await writeCurrent(paths, current);
      },
    });
    return await queueOutcome(result, {
      town,
      config,
      mr,
      notifier,
      finish: (tip, sha, reason) => finishLanded(town, runner, landedInput(mr, tip, sha, reason)),
      pushed: async (sha) => {
        current = { ...current, step: 'finish', candidate: sha };
        await writeCurrent(paths, current);
      },
    });
  } catch (e) {
    // An unexpected failure (git, disk): back to the queue, or failed after a few in a row.
    const errors = mr.mr.history.filter((h) => h.reason.startsWith('refinery error')).length + 1;
    const reason = `refinery error: ${errorMessage(e)}`;
    const state = errors >= ERROR_LIMIT ? 'failed' : 'queued';
    await transitionMergeRequest(town, mr.id, state, reason).catch(() => undefined);
    throw e;
  } finally {
    await writeCurrent(paths, undefined, { last_run_at: nowIso() });
  }
}

function landedInput(mr: MergeRequest, tip: string, sha: string, reason: string) {
  return {
    rig: mr.mr.rig,
    branch: mr.mr.branch,
    polecat: polecatOfAddress(mr.mr.worker),
    sourceIssue: mr.mr.source_issue,
    mr,
    tip,
    sha,
    reason,
    actor: REFINERY_ACTOR(mr.mr.rig),
  };
}

/** Kill a test command a dead refinery left running, if it is still running in the refinery's clone. */
async function killOrphanTests(runner: Runner, pgid: number | undefined, clone: string): Promise<void> {
  if (!pgid) return;
  const cwd = await runner.processes.cwd(pgid);
  if (cwd === undefined || !cwd.startsWith(clone)) return; // gone (or no /proc): nothing we can safely kill
  await runner.processes.signalGroup(pgid, 'SIGKILL');
}

/**
 * Run at the start of every refinery run (under the lock, so any process
 * recorded in state.json is dead): kill its orphaned test command; a request
 * it left in `testing` is marked merged if the origin already has the change
 * (the push happened), otherwise put back in the queue. Never both.
 */
export async function recoverInFlight(town: Town, rig: string, runner: Runner): Promise<ProcessResult[]> {
  const paths = town.rigPaths(rig);
  const config = town.rig(rig);
  const out: ProcessResult[] = [];
  const current = currentOf(readRefineryState(paths));
  const stale = current && current.pid !== process.pid ? current : undefined;
  if (stale) await killOrphanTests(runner, stale.test_pgid, paths.refineryClone);
  const inFlight = [...town.rigBeads(rig).all().values()]
    .filter(isMergeRequest)
    .filter((m) => m.mr.state === 'testing');
  const stuckMerged = stale ? town.rigBeads(rig).get(stale.mr) : undefined;
  if (
    inFlight.length > 0 ||
    (stuckMerged && isMergeRequest(stuckMerged) && stuckMerged.mr.state === 'merged')
  ) {
    const clone = runner.git(paths.refineryClone);
    const main = await fetchBranch(clone, config.default_branch);
    for (const mr of inFlight) {
      const info = stale?.mr === mr.id ? stale : undefined;
      const tip = info?.tip ?? (await clone.tryRev(`refs/remotes/mayor/${mr.mr.branch}`));
      const landed =
        (info?.candidate && (await isAncestor(clone, info.candidate, main))) ||
        (tip !== undefined && info?.base !== undefined && (await landedState(clone, main, tip)) !== 'no');
      const who = info
        ? `refinery pid ${info.pid} stopped during ${info.step}`
        : 'found in testing with no refinery running';
      if (landed && tip) {
        const reason = `${who}, after the push: already on ${config.default_branch}`;
        await finishLanded(town, runner, landedInput(mr, tip, info?.candidate ?? main, reason));
        out.push({ mr: mr.id, outcome: 'merged', reason });
      } else {
        const reason = `${who}; requeued`;
        await transitionMergeRequest(town, mr.id, 'queued', reason, {}, { from: ['testing'] });
        await town.events.emit({
          kind: 'mr.requeued',
          actor: REFINERY_ACTOR(rig),
          rig,
          subject: mr.id,
          message: reason,
        });
        out.push({ mr: mr.id, outcome: 'requeued', reason });
      }
    }
    // Killed after recording `merged` but before the cleanup finished: finish it (idempotent).
    if (stuckMerged && isMergeRequest(stuckMerged) && stuckMerged.mr.state === 'merged' && stale?.tip) {
      await finishLanded(
        town,
        runner,
        landedInput(
          stuckMerged,
          stale.tip,
          stuckMerged.mr.merged_commit ?? main,
          'cleanup after a stopped refinery',
        ),
      );
    }
  }
  if (stale) await writeCurrent(paths, undefined);
  return out;
}
