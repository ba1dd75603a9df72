import { tryReadJson } from '../core/json-file.js';
import type { RigPaths } from './paths.js';
import { estimateCost, type Prices } from './prices.js';
import type { PolecatState } from './schemas/polecat.js';
import { RigResources } from './schemas/resources.js';
import { sumModelTokens, type Tokens } from './schemas/usage.js';
import { polecatEntry, readIssueUsage } from './usage.js';

export function readRigResources(path: string): RigResources | undefined {
  const r = tryReadJson(path, RigResources);
  return r.ok ? r.value : undefined;
}

/**
 * What a polecat costs, for `polecat list`, `status` and the cockpit: its
 * tokens and estimated cost (from its usage entry) and its machine use (as
 * the daemon last sampled it; absent without a daemon).
 */
export type PolecatFigures = {
  tokens?: Tokens & { total: number };
  /** Estimated dollars (tokens x config/prices.yaml). */
  cost_usd?: number;
  cost_estimate: true;
  unpriced?: string[];
  /** Why no token figures (the CLI keeps none we read, none yet). */
  tokens_note?: string;
  cpu_pct?: number;
  rss_bytes?: number;
  disk_bytes?: number;
  procs?: number;
  sampled_at?: string;
  /** [epoch ms, cpu %, rss bytes, tokens] samples for a sparkline. */
  history?: [number, number, number, number][];
};

export function polecatFigures(
  rig: RigPaths,
  p: PolecatState,
  prices: Prices | undefined,
  resources: RigResources | undefined = readRigResources(rig.resources),
): PolecatFigures {
  const out: PolecatFigures = { cost_estimate: true };
  const e = polecatEntry(readIssueUsage(rig, p.issue), p.name, p.created_at);
  if (e) {
    const t = sumModelTokens(e.by_model);
    const total = t.input + t.output + t.cache_read + t.cache_write;
    if (total > 0 || !e.note) {
      out.tokens = { ...t, total };
      if (prices) {
        const c = estimateCost(e.by_model, prices);
        out.cost_usd = c.usd;
        if (c.unpriced.length) out.unpriced = c.unpriced;
      }
    }
    if (e.note && total === 0) out.tokens_note = e.note;
  }
  const r = resources?.polecats[p.name];
  if (r && r.born === p.created_at) {
    Object.assign(out, {
      cpu_pct: r.cpu_pct,
      rss_bytes: r.rss_bytes,
      procs: r.procs,
      sampled_at: resources!.sampled_at,
    });
    if (r.disk_bytes !== undefined) out.disk_bytes = r.disk_bytes;
    out.history = r.history;
  }
  return out;
}

/** "12.3k", "4.5M": a short count for narrow columns. */
export function shortCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1e6) return `${(n / 1e3).toFixed(n < 1e4 ? 1 : 0)}k`;
  if (n < 1e9) return `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)}M`;
  return `${(n / 1e9).toFixed(1)}G`;
}

export function shortBytes(n: number): string {
  const mb = n / (1024 * 1024);
  return mb >= 1024 ? `${(mb / 1024).toFixed(1)}G` : `${Math.round(mb)}M`;
}
