import { ATTENTION_CLASSES } from '../oracle/classify.js';
import type { Bead } from '../town/schemas/bead.js';
import type { OraclePair } from '../town/schemas/oracle.js';
import { LIVE_STATES, type PolecatState } from '../town/schemas/polecat.js';

/** An attention item about an overlapping pair (the attention queue's `overlap` kind). */
export type OverlapItem = {
  kind: 'overlap';
  rig: string;
  subject: string;
  polecat: string;
  other: string;
  issue: string;
  reason: string;
  since: string;
};

/** Pair keys (with the class seen) the operator has acted on, kept on a polecat's state file. */
export type OverlapAcks = Record<string, string>;

export function overlapAcks(p: PolecatState): OverlapAcks {
  const acks = (p as PolecatState & { overlap_acks?: unknown }).overlap_acks;
  return acks && typeof acks === 'object' ? (acks as OverlapAcks) : {};
}

/** Does either issue wait for the other (a `blocks` dependency either way)? */
function sequenced(issues: ReadonlyMap<string, Bead> | undefined, x?: string, y?: string): boolean {
  if (!issues || !x || !y) return false;
  const waits = (a: string, b: string) =>
    issues.get(a)?.dependencies.some((d) => d.depends_on_id === b && d.type === 'blocks') === true;
  return waits(x, y) || waits(y, x);
}

/**
 * Overlap items of the attention queue: a pair in the same region (or a
 * delete against a change) while both polecats still work, until the
 * operator acts on it (a nudge with the other's change, a `blocks`
 * dependency) or one of them stops working (done, paused, dead).
 */
export function overlapAttention(rig: {
  name: string;
  polecats: readonly PolecatState[];
  oracle?: { pairs: readonly OraclePair[] };
  allIssues?: ReadonlyMap<string, Bead>;
}): OverlapItem[] {
  if (!rig.oracle || rig.oracle.pairs.length === 0) return [];
  const byBranch = new Map(rig.polecats.map((p) => [p.branch, p]));
  const out: OverlapItem[] = [];
  for (const pair of rig.oracle.pairs) {
    if (!ATTENTION_CLASSES.has(pair.class)) continue;
    const a = byBranch.get(pair.a);
    const b = byBranch.get(pair.b);
    if (!a || !b || !LIVE_STATES.has(a.state) || !LIVE_STATES.has(b.state)) continue;
    if (overlapAcks(a)[pair.key] === pair.class || overlapAcks(b)[pair.key] === pair.class) continue;
    if (sequenced(rig.allIssues, a.issue, b.issue)) continue;
    const [later, other] = pair.later === pair.a ? [a, b] : [b, a];
    out.push({
      kind: 'overlap',
      rig: rig.name,
      subject: `${other.name}+${later.name}`,
      polecat: later.name,
      other: other.name,
      issue: later.issue,
      reason: pair.summary,
      since: pair.since,
    });
  }
  return out;
}
