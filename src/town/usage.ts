import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { tryReadJson, writeJsonAtomicSync } from '../core/json-file.js';
import { withLock } from '../core/lock.js';
import type { RigPaths } from './paths.js';
import { estimateCost, type CostEstimate, type Prices } from './prices.js';
import {
  IssueUsage,
  type ModelTokens,
  type PolecatUsage,
  type Tokens,
  addModelTokens,
  sumModelTokens,
} from './schemas/usage.js';

/**
 * The town's token ledger: one file per issue (<rig>/.runtime/usage/<issue>.json)
 * holding every polecat that worked on it, kept after the polecat is gone.
 * Sums per polecat, attempt, issue, rig, rig per day and town are made here
 * from those files; cost is always worked out from the price table at the
 * time of showing, so an edited price applies to everything.
 */

export function readIssueUsage(rig: RigPaths, issue: string): IssueUsage | undefined {
  const r = tryReadJson(rig.usage(issue), IssueUsage);
  return r.ok ? r.value : undefined;
}

/** Change one issue's usage under its lock; `fn` returns false to leave the file as it is. */
export async function updateIssueUsage(
  rig: RigPaths,
  rigName: string,
  issue: string,
  fn: (u: IssueUsage) => boolean,
): Promise<void> {
  const path = rig.usage(issue);
  mkdirSync(rig.usageDir, { recursive: true });
  await withLock(path, () => {
    const u = readIssueUsage(rig, issue) ?? {
      version: 1 as const,
      rig: rigName,
      issue,
      updated_at: new Date().toISOString(),
      polecats: {},
    };
    if (!fn(u)) return;
    u.updated_at = new Date().toISOString();
    writeJsonAtomicSync(path, u);
  });
}

/** Issue usage files of a rig, cached by size and mtime: a pass over an unchanged rig is a readdir and stats. */
export class UsageBook {
  private readonly files = new Map<string, { key: string; usage: IssueUsage }>();

  rig(rig: RigPaths): IssueUsage[] {
    let names: string[];
    try {
      names = readdirSync(rig.usageDir).filter((n) => n.endsWith('.json'));
    } catch {
      return [];
    }
    const out: IssueUsage[] = [];
    for (const n of names) {
      const path = `${rig.usageDir}/${n}`;
      let key: string;
      try {
        const st = statSync(path);
        key = `${st.size}:${st.mtimeMs}:${st.ino}`;
      } catch {
        continue;
      }
      const hit = this.files.get(path);
      if (hit?.key === key) {
        out.push(hit.usage);
        continue;
      }
      const r = tryReadJson(path, IssueUsage);
      if (!r.ok) continue;
      this.files.set(path, { key, usage: r.value });
      out.push(r.value);
    }
    return out;
  }
}

export type Spend = { tokens: Tokens; total: number; cost: CostEstimate; by_model: ModelTokens };

export function spendOf(byModel: ModelTokens, prices: Prices): Spend {
  const tokens = sumModelTokens(byModel);
  return {
    tokens,
    total: tokens.input + tokens.output + tokens.cache_read + tokens.cache_write,
    cost: estimateCost(byModel, prices),
    by_model: byModel,
  };
}

function merge(into: ModelTokens, m: ModelTokens): ModelTokens {
  for (const [model, t] of Object.entries(m)) addModelTokens(into, model, t);
  return into;
}

export function issueModelTokens(u: IssueUsage): ModelTokens {
  return Object.values(u.polecats).reduce<ModelTokens>((a, p) => merge(a, p.by_model), {});
}

/** One attempt's tokens: the polecats recorded under that attempt id. */
export function attemptModelTokens(u: IssueUsage, attemptId: string): ModelTokens {
  return Object.values(u.polecats)
    .filter((p) => p.attempt === attemptId)
    .reduce<ModelTokens>((a, p) => merge(a, p.by_model), {});
}

/** A rig's tokens on one UTC day (YYYY-MM-DD), over all its issues. */
export function dayModelTokens(issues: IssueUsage[], day: string): ModelTokens {
  const out: ModelTokens = {};
  for (const u of issues) for (const p of Object.values(u.polecats)) merge(out, p.by_day[day] ?? {});
  return out;
}

export function allModelTokens(issues: IssueUsage[]): ModelTokens {
  return issues.reduce<ModelTokens>((a, u) => merge(a, issueModelTokens(u)), {});
}

/** The latest entry of a polecat (by name) in an issue's usage. */
export function polecatEntry(
  u: IssueUsage | undefined,
  polecat: string,
  createdAt?: string,
): PolecatUsage | undefined {
  if (!u) return undefined;
  const all = Object.values(u.polecats).filter((p) => p.polecat === polecat);
  if (createdAt) return all.find((p) => p.created_at === createdAt);
  return all.sort((a, b) => a.created_at.localeCompare(b.created_at)).pop();
}

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Spent so far, in both budget units. */
export type Amount = { usd: number; tokens: number };

export type RigAmounts = {
  day: string;
  /** Everything the rig's polecats spent on `day` (UTC). */
  rigDay: Amount;
  /** Per issue: its total, and each polecat entry's (by usage key). */
  issues: Map<string, { spent: Amount; polecats: Map<string, Amount> }>;
};

function amountOf(m: ModelTokens, prices: Prices): Amount {
  const s = spendOf(m, prices);
  return { usd: s.cost.usd, tokens: s.total };
}

/** What a rig spent, in the shape the budget decisions read. Pure. */
export function rigAmounts(issues: IssueUsage[], prices: Prices, day: string): RigAmounts {
  const out: RigAmounts['issues'] = new Map();
  for (const u of issues) {
    const polecats = new Map<string, Amount>();
    for (const [key, p] of Object.entries(u.polecats)) polecats.set(key, amountOf(p.by_model, prices));
    out.set(u.issue, { spent: amountOf(issueModelTokens(u), prices), polecats });
  }
  return { day, rigDay: amountOf(dayModelTokens(issues, day), prices), issues: out };
}
