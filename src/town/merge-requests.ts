import { OverseerError } from '../core/errors.js';
import { nowIso } from '../core/time.js';
import { newBead } from './issues.js';
import type { Bead, MergeRequestFields, MrState } from './schemas/bead.js';
import type { Town } from './town.js';

/**
 * Merge requests are rig beads of type `merge-request`. Their lifecycle:
 * queued → testing → merged | conflict | failed | rejected; retry → queued.
 * Every transition is recorded in `mr.history` with when and why.
 */
export type MergeRequest = Bead & { mr: MergeRequestFields };

export function isMergeRequest(b: Bead): b is MergeRequest {
  return b.issue_type === 'merge-request' && b.mr !== undefined;
}

export type NewMergeRequest = {
  rig: string;
  branch: string;
  sourceIssue: string;
  worker: string;
  priority?: number;
  head?: string;
};

export async function createMergeRequest(town: Town, input: NewMergeRequest): Promise<MergeRequest> {
  const config = town.rig(input.rig);
  const log = town.rigBeads(input.rig);
  const mr = await log.mutate((current) => {
    const source = current.get(input.sourceIssue);
    const now = nowIso();
    const b = newBead(log, current, {
      title: `Merge ${input.branch}${source ? `: ${source.title}` : ''}`,
      issue_type: 'merge-request',
      priority: input.priority ?? source?.priority ?? 2,
      assignee: `${input.rig}/refinery`,
      mr: {
        state: 'queued',
        rig: input.rig,
        branch: input.branch,
        source_issue: input.sourceIssue,
        worker: input.worker,
        target: config.default_branch,
        head: input.head,
        history: [{ state: 'queued', at: now, reason: `submitted by ${input.worker}` }],
      },
    });
    return { records: [b], result: b };
  });
  return mr as MergeRequest;
}

export function listMergeRequests(town: Town, rig?: string): MergeRequest[] {
  const rigs = rig ? [town.rig(rig).name] : town.rigNames();
  const out: MergeRequest[] = [];
  for (const r of rigs) for (const b of town.rigBeads(r).all().values()) if (isMergeRequest(b)) out.push(b);
  return out;
}

/** Queued requests in processing order: priority, then age. */
export function queuedInOrder(mrs: MergeRequest[]): MergeRequest[] {
  return mrs
    .filter((m) => m.mr.state === 'queued')
    .sort(
      (a, b) =>
        a.priority - b.priority || a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id),
    );
}

/**
 * Move a request to `state`, recording why. `patch` may set other mr fields
 * (conflict paths, test output). Merged and rejected close the bead.
 */
export async function transitionMergeRequest(
  town: Town,
  id: string,
  state: MrState,
  reason: string,
  patch: Partial<MergeRequestFields> = {},
  opts: { from?: MrState[] } = {},
): Promise<MergeRequest> {
  const log = town.beadsFor(id);
  return log.mutate((current) => {
    const old = current.get(id);
    if (!old || !isMergeRequest(old))
      throw new OverseerError('unknown-mr', `no merge request ${JSON.stringify(id)}`);
    if (opts.from && !opts.from.includes(old.mr.state)) {
      throw new OverseerError(
        'bad-mr-state',
        `merge request ${id} is ${old.mr.state}; expected ${opts.from.join(' or ')}`,
      );
    }
    const now = nowIso();
    const closed = state === 'merged' || state === 'rejected';
    const next: MergeRequest = {
      ...old,
      status: closed ? 'closed' : 'open',
      updated_at: now,
      closed_at: closed ? now : undefined,
      close_reason: closed ? reason : undefined,
      mr: { ...old.mr, ...patch, state, history: [...old.mr.history, { state, at: now, reason }] },
    };
    return { records: [next], result: next };
  });
}
