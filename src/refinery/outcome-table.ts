import { OverseerError } from '../core/errors.js';
import { sendMail } from '../town/mail.js';
import { type MergeRequest, transitionMergeRequest } from '../town/merge-requests.js';
import { polecatAddress, polecatOfAddress, roleAddress } from '../town/schemas/polecat.js';
import type { RigConfig } from '../town/schemas/rig.js';
import type { Town } from '../town/town.js';
import { killedRunOutcome } from './decide.js';
import type { IntegrateResult } from './integrate.js';
import type { PolecatNotifier } from './notifier.js';
import { type LandedReport, REFINERY_ACTOR, onConflict, onFailed } from './outcomes.js';

/**
 * THE table of what happens with each result of the landing pipeline
 * (integrate), for the merge queue and for direct landing side by side, so
 * the two never drift apart: the queue records the outcome on the request
 * and tells the polecat; direct landing lands or refuses with the reason.
 */
export type Outcome = 'merged' | 'conflict' | 'failed' | 'rejected' | 'requeued';
export type ProcessResult = { mr: string; outcome: Outcome; reason: string; sha?: string };

type Finish = (tip: string, sha: string, reason: string) => Promise<LandedReport>;

export type QueueContext = {
  town: Town;
  config: RigConfig;
  mr: MergeRequest;
  notifier: PolecatNotifier;
  /** Close the issue, mark the request merged, tidy branches, tell the witness. */
  finish: Finish;
  /** Record that the push happened (crash recovery finishes from here). */
  pushed: (sha: string) => Promise<void>;
};

export type DirectContext = { config: RigConfig; branch: string; finish: Finish };

type ResultOf<K extends IntegrateResult['kind']> = Extract<IntegrateResult, { kind: K }>;
type Row<K extends IntegrateResult['kind']> = {
  queue: (r: ResultOf<K>, q: QueueContext) => Promise<ProcessResult>;
  direct: (r: ResultOf<K>, d: DirectContext) => Promise<LandedReport>;
};

const refuse = (code: string, message: string, hint?: string) => {
  throw new OverseerError(code, message, hint ? { hint } : {});
};

export const OUTCOMES: { [K in IntegrateResult['kind']]: Row<K> } = {
  'missing-branch': {
    queue: async (_r, { town, mr }) => {
      const reason = `branch ${mr.mr.branch} not found in the canonical clone`;
      await transitionMergeRequest(town, mr.id, 'failed', reason);
      await sendMail(town, {
        to: roleAddress(mr.mr.rig, 'witness'),
        from: REFINERY_ACTOR(mr.mr.rig),
        subject: `Cannot land ${mr.id}: ${reason}`,
        body: reason,
      });
      return { mr: mr.id, outcome: 'failed', reason };
    },
    direct: async (_r, d) =>
      refuse('land-no-branch', `branch ${d.branch} does not exist in the canonical clone`),
  },
  empty: {
    queue: async (r, { town, config, mr, finish }) => {
      if (mr.mr.history.filter((h) => h.state === 'testing').length > 1) {
        await finish(r.tip, r.base, 'already on main (landed by an earlier run)');
        return { mr: mr.id, outcome: 'merged', reason: 'already on main', sha: r.base };
      }
      const reason = `nothing to land: ${mr.mr.branch} has no commits that are not on ${config.default_branch}`;
      await transitionMergeRequest(town, mr.id, 'rejected', reason);
      const polecat = polecatOfAddress(mr.mr.worker);
      if (polecat)
        await sendMail(town, {
          to: polecatAddress(mr.mr.rig, polecat),
          from: REFINERY_ACTOR(mr.mr.rig),
          subject: `Rejected ${mr.id}`,
          body: reason,
        });
      return { mr: mr.id, outcome: 'rejected', reason };
    },
    direct: async (_r, d) =>
      refuse(
        'land-nothing',
        `nothing to land: ${d.branch} has no commits that are not on ${d.config.default_branch}`,
      ),
  },
  already: {
    queue: async (r, { config, mr, finish }) => {
      const reason = `already on ${config.default_branch} (${r.how === 'ancestor' ? 'contained' : 'same patches'})`;
      await finish(r.tip, r.base, reason);
      return { mr: mr.id, outcome: 'merged', reason, sha: r.base };
    },
    direct: (r, d) => d.finish(r.tip, r.base, 'already on main'),
  },
  conflict: {
    queue: async (r, { town, config, mr, notifier }) => {
      const how = r.predicted
        ? `predicted by git merge-tree against ${config.default_branch} ${r.base.slice(0, 10)}, sent back before any test run`
        : undefined;
      const next = await onConflict(town, mr, r.paths, notifier, how);
      return { mr: next.id, outcome: 'conflict', reason: next.mr.history.at(-1)!.reason };
    },
    direct: async (r, d) =>
      refuse(
        'land-conflict',
        `cannot land ${d.branch}: conflicts with ${d.config.default_branch} in ${r.paths.join(', ')}`,
      ),
  },
  failed: {
    queue: async (r, { town, mr, notifier }) => {
      // A run killed from outside (the refinery itself was killed) goes back to the queue, up to a cap.
      const killed = killedRunOutcome(mr, r.run);
      if (killed?.state === 'queued') {
        await transitionMergeRequest(town, mr.id, 'queued', killed.reason);
        await town.events.emit({
          kind: 'mr.requeued',
          actor: REFINERY_ACTOR(mr.mr.rig),
          rig: mr.mr.rig,
          subject: mr.id,
          message: killed.reason,
        });
        return { mr: mr.id, outcome: 'requeued', reason: killed.reason };
      }
      const next = await onFailed(town, mr, r.run, notifier, killed?.reason);
      return { mr: next.id, outcome: 'failed', reason: next.mr.history.at(-1)!.reason };
    },
    direct: async (r, d) =>
      refuse(
        'land-tests-failed',
        `tests failed for ${d.branch}; ${d.config.default_branch} unchanged. Last lines:\n${r.run.tail}`,
        '--skip-tests lands without running them',
      ),
  },
  moved: {
    queue: async (r, { town, config, mr }) => {
      const reason = `${config.default_branch} kept moving on the origin (${r.attempts} attempts); requeued`;
      await transitionMergeRequest(town, mr.id, 'queued', reason);
      return { mr: mr.id, outcome: 'requeued', reason };
    },
    direct: async (_r, d) =>
      refuse('land-moved', `${d.config.default_branch} kept moving on the origin; try again`),
  },
  landed: {
    queue: async (r, { config, mr, finish, pushed }) => {
      await pushed(r.sha);
      const tests = r.run ? `tests passed in ${(r.run.durationMs / 1000).toFixed(1)}s` : 'no test command';
      const reason = `landed as ${r.sha.slice(0, 10)} (${config.merge_strategy}; ${tests})`;
      await finish(r.tip, r.sha, reason);
      return { mr: mr.id, outcome: 'merged', reason, sha: r.sha };
    },
    direct: (r, d) => d.finish(r.tip, r.sha, `landed directly by the overseer as ${r.sha.slice(0, 10)}`),
  },
};

/** The merge queue's handling of a pipeline result. */
export function queueOutcome<K extends IntegrateResult['kind']>(r: ResultOf<K>, q: QueueContext) {
  const row: Row<K> = OUTCOMES[r.kind as K];
  return row.queue(r, q);
}

/** Direct landing's handling of a pipeline result: the landing, or an error saying why not. */
export function directOutcome<K extends IntegrateResult['kind']>(r: ResultOf<K>, d: DirectContext) {
  const row: Row<K> = OUTCOMES[r.kind as K];
  return row.direct(r, d);
}
