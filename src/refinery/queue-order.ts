import { errorMessage } from '../core/errors.js';
import { OverlapOracle } from '../oracle/oracle.js';
import { trackedBranches } from '../oracle/tracked.js';
import { type MergeRequest, transitionMergeRequest } from '../town/merge-requests.js';
import { readPolecats } from '../town/polecat-state.js';
import type { OraclePair } from '../town/schemas/oracle.js';
import type { Town } from '../town/town.js';
import type { Runner } from '../runtime/runner.js';
import { processable } from './decide.js';
import { type Placed, orderQueue } from './order.js';

/**
 * The refinery's side of the merge oracle for one run: the oracle's pairs
 * (from the daemon's report, diffing only what moved since), the order they
 * give the queue, and the notes that go into the history of requests that
 * wait for overlapping ones. If the oracle cannot answer, the queue falls
 * back to priority then age, and says so.
 */
export class QueueOrder {
  private readonly oracle: OverlapOracle;
  /** Branch → request id of requests landed in this run. */
  readonly landed = new Map<string, string>();
  /** Pairs seen in this run: a landed branch leaves the oracle, its overlaps still explain the order. */
  private readonly seen = new Map<string, OraclePair>();

  constructor(
    readonly town: Town,
    readonly rig: string,
    runner: Runner,
    readonly skip: readonly string[] = [],
  ) {
    this.oracle = new OverlapOracle(town.rigPaths(rig), town.rig(rig).default_branch, runner);
  }

  /** The queue in landing order, with a reason for each place. */
  async placed(): Promise<Placed[]> {
    const beads = this.town.rigBeads(this.rig).all();
    const queued = processable(beads).filter((m) => !this.skip.includes(m.id));
    if (queued.length === 0) return [];
    let pairs: readonly OraclePair[];
    try {
      const polecats = readPolecats(this.town.rigPaths(this.rig)).polecats;
      const fresh = (await this.oracle.refresh(trackedBranches(polecats, beads))).file.pairs;
      for (const p of fresh) this.seen.set(p.key, p);
      const keys = new Set(fresh.map((p) => p.key));
      pairs = [
        ...fresh,
        ...[...this.seen.values()].filter(
          (p) => !keys.has(p.key) && (this.landed.has(p.a) || this.landed.has(p.b)),
        ),
      ];
    } catch (e) {
      const why = `merge oracle unavailable (${errorMessage(e)}): priority then age`;
      return queued.map((mr) => ({ mr, note: why, overlaps: [] }));
    }
    return orderQueue({ queued, pairs, landed: this.landed });
  }

  /** Record in each waiting request's history why it waits (once per reason). */
  async noteWaiting(placed: readonly Placed[], next: Placed): Promise<void> {
    for (const p of placed) {
      if (p === next || p.overlaps.length === 0 || p.mr.priority !== next.mr.priority) continue;
      const reason = `waits: ${p.note}`;
      if (p.mr.mr.history.at(-1)?.reason === reason) continue;
      await transitionMergeRequest(this.town, p.mr.id, 'queued', reason, {}, { from: ['queued'] }).catch(
        () => undefined,
      );
    }
  }

  done(mr: MergeRequest, outcome: string): void {
    if (outcome === 'merged') this.landed.set(mr.mr.branch, mr.id);
  }
}
