import { polecatMark } from '../polecats/agent-session.js';
import { AGENT_MARK_VAR } from '../runtime/agent-stop.js';
import { diskBytes } from '../runtime/disk-usage.js';
import { ProcUsageSampler, type TreeUsage } from '../runtime/proc-usage.js';
import { readOutpostStatus } from '../town/outposts.js';
import { LOCAL_HOST, type OutpostStatus } from '../town/schemas/outpost.js';
import type { PolecatState } from '../town/schemas/polecat.js';
import { writeJsonAtomicSync } from '../core/json-file.js';
import { readRigResources } from '../town/polecat-figures.js';
import type { DaemonSettings } from '../town/daemon-settings.js';
import { readPolecats } from '../town/polecat-state.js';
import { isLive } from '../town/schemas/polecat.js';
import type { PolecatResources, RigResources } from '../town/schemas/resources.js';
import { totalTokens, sumModelTokens, usageKey } from '../town/schemas/usage.js';
import type { Town } from '../town/town.js';
import { allModelTokens, dayModelTokens, UsageBook, utcDay } from '../town/usage.js';
import { estimateCost, loadPrices, type Prices } from '../town/prices.js';
import type { IssueUsage } from '../town/schemas/usage.js';

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
  private readonly book = new UsageBook();

  constructor(readonly town: Town) {}

  async pass(settings: DaemonSettings['resources'], now = Date.now()): Promise<void> {
    const usage = this.procs.sample(now);
    const statuses = new Map<string, OutpostStatus | undefined>();
    const iso = new Date(now).toISOString();
    let walked = false;
    let prices: Prices | undefined;
    try {
      prices = loadPrices(this.town.paths);
    } catch {
      /* tokens without cost; `overseer doctor` names the broken file */
    }
    for (const rig of this.town.rigNames()) {
      const rp = this.town.rigPaths(rig);
      const before = readRigResources(rp.resources);
      const issues = this.book.rig(rp);
      const out: RigResources = {
        version: 1,
        sampled_at: iso,
        polecats: {},
        ...totalsOf(issues, prices, now),
      };
      const live = readPolecats(rp).polecats.filter((p) => isLive(p.state));
      for (const p of live) {
        const prev = before?.polecats[p.name]?.born === p.created_at ? before.polecats[p.name] : undefined;
        const remote = p.outpost !== LOCAL_HOST;
        const u = (remote ? outpostUsage(this.town, p, statuses) : usage.get(polecatMark(this.town, p))) ?? {
          procs: 0,
          cpu_pct: 0,
          rss_bytes: 0,
        };
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
        // A worktree on an outpost is not walked from here (its tree's CPU and memory come with the tick's probe).
        if (due && !walked && !remote) {
          walked = true;
          r.disk_bytes = await diskBytes(p.worktree, GIT_DIR);
          r.disk_at = iso;
        }
        const entry = issues.find((u) => u.issue === p.issue)?.polecats[usageKey(p.name, p.created_at)];
        const tokens = entry ? totalTokens(sumModelTokens(entry.by_model)) : 0;
        if (entry) {
          r.tokens = tokens;
          if (prices) r.cost_usd = estimateCost(entry.by_model, prices).usd;
        }
        const last = r.history[r.history.length - 1];
        if (!last || now - last[0] >= HISTORY_EVERY_MS) {
          r.history = [
            ...r.history,
            [now, u.cpu_pct, u.rss_bytes, tokens] as [number, number, number, number],
          ].slice(-HISTORY);
        }
        out.polecats[p.name] = r;
      }
      // Nothing live and nothing new: the file stays (no write, no cockpit refresh).
      const idle =
        live.length === 0 &&
        Object.keys(before?.polecats ?? {}).length === 0 &&
        JSON.stringify(before?.totals) === JSON.stringify(out.totals);
      // Figures rewritten every pass: atomic for readers, not fsynced.
      if (!idle) writeJsonAtomicSync(rp.resources, out, { durable: false });
    }
  }
}

/** A remote polecat's tree as its outpost's status file last saw it (this polecat, not an older one of its name). */
function outpostUsage(
  town: Town,
  p: PolecatState,
  statuses: Map<string, OutpostStatus | undefined>,
): TreeUsage | undefined {
  if (!statuses.has(p.outpost)) statuses.set(p.outpost, readOutpostStatus(town.paths, p.outpost));
  const u = statuses.get(p.outpost)?.polecats?.[`${p.rig}/${p.name}`];
  return u && u.born === p.created_at
    ? { procs: u.procs, cpu_pct: u.cpu_pct, rss_bytes: u.rss_bytes }
    : undefined;
}

function totalsOf(
  issues: IssueUsage[],
  prices: Prices | undefined,
  now: number,
): Pick<RigResources, 'totals'> {
  if (issues.length === 0) return {};
  const all = allModelTokens(issues);
  const today = dayModelTokens(issues, utcDay(now));
  return {
    totals: {
      tokens: totalTokens(sumModelTokens(all)),
      cost_usd: prices ? estimateCost(all, prices).usd : 0,
      today_tokens: totalTokens(sumModelTokens(today)),
      today_cost_usd: prices ? estimateCost(today, prices).usd : 0,
    },
  };
}
