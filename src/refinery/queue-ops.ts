import { OverseerError } from '../core/errors.js';
import { ageMs, formatAge } from '../core/time.js';
import { closeIssue } from '../town/issues.js';
import { sendMail } from '../town/mail.js';
import {
  type MergeRequest,
  isMergeRequest,
  listMergeRequests,
  transitionMergeRequest,
} from '../town/merge-requests.js';
import type { Town } from '../town/town.js';
import { mrBlockers } from './decide.js';
import { REFINERY_ACTOR } from './outcomes.js';
import { polecatAddress, polecatOfAddress } from '../town/schemas/polecat.js';

/** Operator actions on the queue, and the rows `mq list` and the cockpit show. */

function getRequest(town: Town, id: string): MergeRequest {
  let b;
  try {
    b = town.beadsFor(id).get(id);
  } catch {
    b = undefined;
  }
  if (!b || !isMergeRequest(b))
    throw new OverseerError('unknown-mr', `no merge request ${JSON.stringify(id)}`);
  return b;
}

/** Put a conflicted, failed or rejected request back in the queue. */
export async function retryMergeRequest(town: Town, id: string, by = 'overseer'): Promise<MergeRequest> {
  const mr = getRequest(town, id);
  const next = await transitionMergeRequest(
    town,
    id,
    'queued',
    `retry requested by ${by}`,
    {},
    { from: ['conflict', 'failed', 'rejected'] },
  );
  await town.events.emit({
    kind: 'mr.retry',
    actor: by,
    rig: mr.mr.rig,
    subject: id,
    message: `${id} back in the queue (was ${mr.mr.state})`,
  });
  return next;
}

/** Take a request out of the queue for good (until retried), saying why. */
export async function rejectMergeRequest(
  town: Town,
  id: string,
  reason: string,
  by = 'overseer',
): Promise<MergeRequest> {
  if (reason.trim() === '')
    throw new OverseerError('bad-reason', 'reject needs a non-empty --reason', { exitCode: 2 });
  const mr = getRequest(town, id);
  const next = await transitionMergeRequest(
    town,
    id,
    'rejected',
    `rejected by ${by}: ${reason}`,
    {},
    { from: ['queued', 'conflict', 'failed'] },
  );
  const resolve = mr.mr.resolve_issue
    ? town.beadsFor(mr.mr.resolve_issue).get(mr.mr.resolve_issue)
    : undefined;
  if (resolve && resolve.status !== 'closed') await closeIssue(town, resolve.id, `${id} rejected`);
  const polecat = polecatOfAddress(mr.mr.worker);
  if (polecat) {
    await sendMail(town, {
      to: polecatAddress(mr.mr.rig, polecat),
      from: REFINERY_ACTOR(mr.mr.rig),
      subject: `Rejected ${id} (${mr.mr.branch})`,
      body: `Rejected by ${by}: ${reason}`,
    });
  }
  await town.events.emit({
    kind: 'mr.rejected',
    actor: by,
    rig: mr.mr.rig,
    subject: id,
    message: `${id} rejected: ${reason}`,
  });
  return next;
}

export type QueueRow = {
  id: string;
  rig: string;
  state: string;
  priority: number;
  age: string;
  branch: string;
  issue: string;
  worker: string;
  blockedBy: string[];
  note: string;
};

/** The merge queue as rows: active requests first (queue order), then the rest newest first. */
export function mergeQueueRows(
  town: Town,
  rig?: string,
  opts: { all?: boolean; now?: number } = {},
): QueueRow[] {
  const now = opts.now ?? Date.now();
  const mrs = listMergeRequests(town, rig);
  const rank: Record<string, number> = {
    testing: 0,
    queued: 1,
    conflict: 2,
    failed: 3,
    merged: 4,
    rejected: 5,
  };
  const shown = mrs.filter((m) => opts.all || (m.mr.state !== 'merged' && m.mr.state !== 'rejected'));
  shown.sort(
    (a, b) =>
      (rank[a.mr.state] ?? 9) - (rank[b.mr.state] ?? 9) ||
      (a.mr.state === 'queued'
        ? a.priority - b.priority || a.created_at.localeCompare(b.created_at)
        : b.updated_at.localeCompare(a.updated_at)),
  );
  return shown.map((m) => {
    const beads = town.rigBeads(m.mr.rig).all();
    const blockedBy = mrBlockers(m, beads);
    const last = m.mr.history.at(-1);
    let note = last?.reason ?? '';
    if (m.mr.state === 'queued' && blockedBy.length > 0) note = `blocked by ${blockedBy.join(', ')}`;
    if (m.mr.state === 'conflict')
      note = `${(m.mr.conflict_paths ?? []).join(', ')}${m.mr.resolve_issue ? ` → ${m.mr.resolve_issue}` : ''}`;
    return {
      id: m.id,
      rig: m.mr.rig,
      state: m.mr.state,
      priority: m.priority,
      age: formatAge(ageMs(m.created_at, now)),
      branch: m.mr.branch,
      issue: m.mr.source_issue,
      worker: m.mr.worker,
      blockedBy,
      note,
    };
  });
}
