import { OverseerError } from '../core/errors.js';
import { type MergeRequest, isMergeRequest, transitionMergeRequest } from '../town/merge-requests.js';
import type { Bead } from '../town/schemas/bead.js';
import { polecatOfAddress } from '../town/schemas/polecat.js';
import type { Runner } from '../runtime/runner.js';
import type { Town } from '../town/town.js';
import { withRefineryLock } from './lock.js';
import { REFINERY_ACTOR, finishLanded } from './outcomes.js';

/**
 * A conflicted request whose "Resolve merge conflicts" issue was closed.
 * Two ways it got resolved, decided from the beads alone:
 * - a worker brought the branch's changes onto its own branch, resolved the
 *   conflicts and landed that (a merged request whose source is the resolve
 *   issue): the conflicted request is done, landed through that one;
 * - otherwise someone fixed the branch itself: back in the queue.
 */
export type Resolution =
  | { kind: 'supersede'; mr: string; by: string; reason: string }
  | { kind: 'requeue'; mr: string; reason: string };

export function resolvedConflicts(beads: ReadonlyMap<string, Bead>): Resolution[] {
  const mrs = [...beads.values()].filter(isMergeRequest);
  const out: Resolution[] = [];
  for (const m of mrs) {
    if (m.mr.state !== 'conflict' || !m.mr.resolve_issue) continue;
    const resolveId = m.mr.resolve_issue;
    if (beads.get(resolveId)?.status !== 'closed') continue;
    const by = mrs.find((o) => o.mr.state === 'merged' && o.mr.source_issue === resolveId);
    out.push(
      by
        ? {
            kind: 'supersede',
            mr: m.id,
            by: by.id,
            reason: `landed through ${by.id}, which resolved its conflicts (${resolveId})`,
          }
        : { kind: 'requeue', mr: m.id, reason: `conflict resolved (${resolveId} closed); requeued` },
    );
  }
  return out;
}

function request(town: Town, id: string): MergeRequest {
  const b = town.beadsFor(id).get(id);
  if (!b || !isMergeRequest(b))
    throw new OverseerError('unknown-mr', `no merge request ${JSON.stringify(id)}`);
  return b;
}

export async function requeueResolved(town: Town, id: string, reason: string): Promise<MergeRequest> {
  const mr = request(town, id);
  const next = await transitionMergeRequest(town, id, 'queued', reason, {}, { from: ['conflict'] });
  await town.events.emit({
    kind: 'mr.requeued',
    actor: REFINERY_ACTOR(mr.mr.rig),
    rig: mr.mr.rig,
    subject: id,
    message: `${id}: ${reason}`,
  });
  return next;
}

/** Record the conflicted request as landed through the resolving one (idempotent steps, refinery lock held). */
export async function supersedeResolved(
  town: Town,
  runner: Runner,
  id: string,
  byId: string,
  reason: string,
): Promise<void> {
  const mr = request(town, id);
  const by = request(town, byId);
  if (mr.mr.state !== 'conflict')
    throw new OverseerError('bad-mr-state', `merge request ${id} is ${mr.mr.state}; expected conflict`);
  const sha = by.mr.merged_commit;
  if (!sha) throw new OverseerError('bad-mr-state', `merge request ${byId} has no merged commit recorded`);
  const paths = town.rigPaths(mr.mr.rig);
  await withRefineryLock(runner.processes, paths, `close ${id} as landed through ${byId}`, async () => {
    await finishLanded(town, runner, {
      rig: mr.mr.rig,
      branch: mr.mr.branch,
      polecat: polecatOfAddress(mr.mr.worker),
      sourceIssue: mr.mr.source_issue,
      mr,
      tip: mr.mr.head ?? sha,
      sha,
      reason,
      actor: REFINERY_ACTOR(mr.mr.rig),
    });
  });
}
