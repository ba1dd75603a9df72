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

/** Times a request's test run may be killed by a signal before the request fails for good. */
export const KILLED_RUN_LIMIT = 3;

/** Signals that end a run from outside (a kill, an OOM killer, a stop): no verdict on the code. */
const OUTSIDE_SIGNALS: Record<number, string> = { 1: 'SIGHUP', 2: 'SIGINT', 9: 'SIGKILL', 15: 'SIGTERM' };

/**
 * The signal that killed a test run from outside, if one did: execa's
 * signal, or the shell's exit status 128+N. A timeout is the refinery's own
 * verdict, and a crash of the tests themselves (SIGSEGV, SIGABRT) is a failure.
 */
export function killedBy(run: { signal?: string; exitCode?: number; timedOut: boolean }): string | undefined {
  if (run.timedOut) return undefined;
  if (run.signal) return Object.values(OUTSIDE_SIGNALS).includes(run.signal) ? run.signal : undefined;
  if (run.exitCode !== undefined && run.exitCode > 128) return OUTSIDE_SIGNALS[run.exitCode - 128];
  return undefined;
}

const KILLED_NOTE = 'test run killed by';

/**
 * A request whose test run was killed from outside goes back to the queue,
 * up to KILLED_RUN_LIMIT kills; then it fails, saying so. Undefined: the
 * run was not killed (its result stands).
 */
export function killedRunOutcome(
  mr: MergeRequest,
  run: { signal?: string; exitCode?: number; timedOut: boolean },
): { state: 'queued' | 'failed'; reason: string } | undefined {
  const signal = killedBy(run);
  if (!signal) return undefined;
  const kills = mr.mr.history.filter((h) => h.reason.startsWith(KILLED_NOTE)).length + 1;
  if (kills >= KILLED_RUN_LIMIT)
    return { state: 'failed', reason: `${KILLED_NOTE} ${signal} ${kills} times; giving up` };
  return { state: 'queued', reason: `${KILLED_NOTE} ${signal}; requeued (${kills} of ${KILLED_RUN_LIMIT})` };
}
