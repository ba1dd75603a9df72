import { ATTENTION_CLASSES } from '../../oracle/classify.js';
import type { Action } from '../actions.js';
import type { DaemonSnapshot } from '../snapshot.js';

/**
 * Oracle step: announce each overlapping pair once per class. Same-region
 * and delete-vs-modify pairs are announced loudly (they also show in the
 * attention queue while both polecats work); the rest as quiet events.
 */
export function decideOverlaps(snap: DaemonSnapshot, _now: number): Action[] {
  const out: Action[] = [];
  for (const rig of snap.rigs) {
    const report = rig.oracle;
    if (!report) continue;
    for (const p of report.pairs) {
      if (report.announced[p.key] === p.class) continue;
      out.push({
        kind: 'overlap',
        rig: rig.name,
        pair: p.key,
        class: p.class,
        quiet: !ATTENTION_CLASSES.has(p.class),
        later: p.later,
        polecat: p.later === p.a ? p.owners[0] : p.owners[1],
        reason: p.summary,
      });
    }
  }
  return out;
}
