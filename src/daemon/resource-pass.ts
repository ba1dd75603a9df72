import { polecatMark } from '../polecats/agent-session.js';
import { AGENT_MARK_VAR } from '../runtime/agent-stop.js';
import { diskBytes } from '../runtime/disk-usage.js';
import { ProcUsageSampler } from '../runtime/proc-usage.js';
import { writeJsonAtomicSync } from '../core/json-file.js';
import { readRigResources } from '../town/polecat-figures.js';
import type { DaemonSettings } from '../town/daemon-settings.js';
import { readPolecats } from '../town/polecat-state.js';
import { isLive } from '../town/schemas/polecat.js';
import type { PolecatResources, RigResources } from '../town/schemas/resources.js';
import { totalTokens, sumModelTokens, usageKey } from '../town/schemas/usage.js';
import type { Town } from '../town/town.js';
import { readIssueUsage } from '../town/usage.js';

/** Samples kept per polecat for its sparkline, and the least time between two. */
const HISTORY = 60;
const HISTORY_EVERY_MS = 15_000;
const GIT_DIR = new Set(['.git']);

/**
 * One resource pass: CPU and memory of each live polecat's process tree
 * (one /proc scan for the whole town), its worktree's disk use when due
 * (at most one worktree walked per pass, each at most every disk_interval),
 * and since when a tree has run hot. Writes <rig>/.runtime/resources.json.
 */
export class ResourceSampler {
  private readonly procs = new ProcUsageSampler(AGENT_MARK_VAR);

  constructor(readonly town: Town) {}

  async pass(settings: DaemonSettings['resources'], now = Date.now()): Promise<void> {
    const usage = this.procs.sample(now);
    const iso = new Date(now).toISOString();
    let walked = false;
    for (const rig of this.town.rigNames()) {
      const rp = this.town.rigPaths(rig);
      const before = readRigResources(rp.resources);
      const out: RigResources = { version: 1, sampled_at: iso, polecats: {} };
      const live = readPolecats(rp).polecats.filter((p) => isLive(p.state));
      for (const p of live) {
        const prev = before?.polecats[p.name]?.born === p.created_at ? before.polecats[p.name] : undefined;
        const u = usage.get(polecatMark(this.town, p)) ?? { procs: 0, cpu_pct: 0, rss_bytes: 0 };
        const r: PolecatResources = {
          born: p.created_at,
          procs: u.procs,
          cpu_pct: u.cpu_pct,
          rss_bytes: u.rss_bytes,
          history: prev?.history ?? [],
          ...(prev?.disk_bytes !== undefined ? { disk_bytes: prev.disk_bytes, disk_at: prev.disk_at } : {}),
          ...(prev?.runaway_at ? { runaway_at: prev.runaway_at } : {}),
        };
        const hot = settings.runaway_cpu_pct > 0 && u.cpu_pct > settings.runaway_cpu_pct;
        if (hot) r.cpu_high_since = prev?.cpu_high_since ?? iso;
        const due = !r.disk_at || now - Date.parse(r.disk_at) >= settings.disk_interval;
        if (due && !walked) {
          walked = true;
          r.disk_bytes = await diskBytes(p.worktree, GIT_DIR);
          r.disk_at = iso;
        }
        const last = r.history[r.history.length - 1];
        if (!last || now - last[0] >= HISTORY_EVERY_MS) {
          const entry = Object.values(readIssueUsage(rp, p.issue)?.polecats ?? {}).find(
            (e) => usageKey(e.polecat, e.created_at) === usageKey(p.name, p.created_at),
          );
          const tokens = entry ? totalTokens(sumModelTokens(entry.by_model)) : 0;
          r.history = [
            ...r.history,
            [now, u.cpu_pct, u.rss_bytes, tokens] as [number, number, number, number],
          ].slice(-HISTORY);
        }
        out.polecats[p.name] = r;
      }
      if (live.length > 0 || (before && Object.keys(before.polecats).length > 0))
        writeJsonAtomicSync(rp.resources, out);
    }
  }
}
