import { openBlockers } from '../town/ready.js';
import { type MergeRequest, isMergeRequest, queuedInOrder } from '../town/merge-requests.js';
import type { Bead } from '../town/schemas/bead.js';
import type { RefineryState } from '../town/schemas/rig.js';

/**
 * What the refinery should do next for one rig, decided from a snapshot
 * alone (no processes, no git). The daemon's tick calls this and runs the
 * actions; the CLI's `refinery process` follows the same rules.
 */

export type RefineryView = {
  rig: string;
  /** The rig's beads (issues and merge requests). */
  beads: Map<string, Bead>;
  state?: RefineryState;
  /** Is the process recorded in state.current still running? */
  runnerAlive: boolean;
};

export type RefineryAction =
  | { kind: 'wait'; reason: string }
  | { kind: 'recover'; mr?: string; reason: string }
  | { kind: 'requeue'; mr: string; reason: string }
  | { kind: 'process'; mr: string; reason: string };

/** Queued requests that are not blocked by an open issue, in priority-then-age order. */
export function processable(beads: Map<string, Bead>): MergeRequest[] {
  const mrs = [...beads.values()].filter(isMergeRequest);
  return queuedInOrder(mrs).filter((m) => mrBlockers(m, beads).length === 0);
}

/**
 * What a request waits for: open `blocks` dependencies of the request, and
 * of its source issue (an operator sequencing two overlapping polecats makes
 * one issue wait for the other's: its request waits for that landing).
 */
export function mrBlockers(m: MergeRequest, beads: Map<string, Bead>): string[] {
  const source = beads.get(m.mr.source_issue);
  return [...openBlockers(m, beads), ...(source ? openBlockers(source, beads) : [])];
}

export function nextRefineryActions(view: RefineryView): RefineryAction[] {
  const current = view.state?.current;
  if (current && view.runnerAlive) {
    return [{ kind: 'wait', reason: `the refinery (pid ${current.pid ?? '?'}) is working on ${current.mr}` }];
  }
  const actions: RefineryAction[] = [];
  const mrs = [...view.beads.values()].filter(isMergeRequest);
  const inFlight = mrs.filter((m) => m.mr.state === 'testing');
  if (current) {
    actions.push({
      kind: 'recover',
      mr: current.mr,
      reason: `refinery pid ${current.pid ?? '?'} stopped during ${current.step} of ${current.mr}`,
    });
  }
  for (const m of inFlight) {
    if (m.id === current?.mr) continue;
    actions.push({ kind: 'recover', mr: m.id, reason: `${m.id} is testing but no refinery is running` });
  }
  const requeued = new Set<string>();
  for (const m of mrs) {
    if (m.mr.state !== 'conflict' || !m.mr.resolve_issue) continue;
    const resolve = view.beads.get(m.mr.resolve_issue);
    if (resolve?.status === 'closed') {
      requeued.add(m.id);
      actions.push({ kind: 'requeue', mr: m.id, reason: `conflict resolved (${m.mr.resolve_issue} closed)` });
    }
  }
  const next = processable(view.beads)[0];
  if (next)
    actions.push({
      kind: 'process',
      mr: next.id,
      reason: `next in queue (P${next.priority}, ${next.created_at})`,
    });
  else if (requeued.size > 0) {
    const first = [...requeued][0]!;
    actions.push({ kind: 'process', mr: first, reason: 'requeued after conflict resolution' });
  }
  return actions;
}
