import { formatAge } from '../../core/time.js';
import { isLive } from '../../town/schemas/polecat.js';
import type { Action } from '../actions.js';
import type { DaemonSnapshot } from '../snapshot.js';

const MB = 1024 * 1024;

/**
 * Runaway alert: a live polecat whose process tree stayed above
 * runaway_cpu_pct for runaway_for, or holds more than runaway_rss_mb of
 * resident memory, goes to attention, once per polecat.
 */
export function decideRunaways(snap: DaemonSnapshot, now: number): Action[] {
  const s = snap.settings.resources;
  if (!s.enabled) return [];
  const out: Action[] = [];
  for (const rig of snap.rigs) {
    for (const p of rig.polecats) {
      const r = rig.resources?.polecats[p.name];
      if (!r || r.born !== p.created_at || r.runaway_at || !isLive(p.state)) continue;
      const hotFor = r.cpu_high_since ? now - Date.parse(r.cpu_high_since) : -1;
      let why: string | undefined;
      if (s.runaway_cpu_pct > 0 && hotFor >= s.runaway_for)
        why = `its processes used ${r.cpu_pct}% CPU (over ${s.runaway_cpu_pct}%) for ${formatAge(hotFor)}`;
      else if (s.runaway_rss_mb > 0 && r.rss_bytes >= s.runaway_rss_mb * MB)
        why = `its processes hold ${Math.round(r.rss_bytes / MB)} MB of memory (over ${s.runaway_rss_mb} MB)`;
      if (why)
        out.push({
          kind: 'runaway-alert',
          rig: rig.name,
          polecat: p.name,
          issue: p.issue,
          reason: `runaway: ${p.name} (${r.procs} processes): ${why}`,
        });
    }
  }
  return out;
}
