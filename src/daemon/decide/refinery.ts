import { isMergeRequest } from '../../town/merge-requests.js';
import type { Action } from '../actions.js';
import type { DaemonSnapshot } from '../snapshot.js';

/** Refinery step: run the merge queue of each rig that has queued or in-flight requests. */
export function decideRefinery(snap: DaemonSnapshot, _now: number): Action[] {
  if (!snap.settings.refinery.enabled) return [];
  const out: Action[] = [];
  for (const rig of snap.rigs) {
    let queued = 0;
    let testing = 0;
    for (const b of rig.issues.values()) {
      if (!isMergeRequest(b)) continue;
      if (b.mr.state === 'queued') queued++;
      else if (b.mr.state === 'testing') testing++;
    }
    if (queued === 0 && testing === 0 && !rig.refinery?.current) continue;
    const parts = [
      queued ? `${queued} queued` : '',
      testing ? `${testing} interrupted while testing` : '',
    ].filter(Boolean);
    out.push({ kind: 'refinery', rig: rig.name, reason: parts.join(', ') || 'refinery has unfinished work' });
  }
  return out;
}
