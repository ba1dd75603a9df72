import { readBudgetState, type BudgetState } from './budgets.js';
import type { DaemonSettings } from './daemon-settings.js';
import type { Prices } from './prices.js';
import type { Town } from './town.js';
import {
  type Spend,
  UsageBook,
  allModelTokens,
  dayModelTokens,
  issueModelTokens,
  spendOf,
  utcDay,
} from './usage.js';

/**
 * What the town spent, as `overseer cost` and the cockpit show it: per
 * polecat (attempt), issue, rig (total and today) and town. Every cost is
 * an estimate from the price table, labelled so.
 */
export type PolecatCost = {
  polecat: string;
  created_at: string;
  agent: string;
  reader: string;
  attempt?: string;
  tier?: number;
  /** Why no figures: the CLI keeps no records we can read, or none yet. */
  note?: string;
  spend: Spend;
};

export type IssueCost = { rig: string; issue: string; spend: Spend; polecats: PolecatCost[] };

export type RigCost = {
  rig: string;
  spend: Spend;
  today: Spend;
  budget: BudgetState;
};

export type CostReport = {
  estimate: true;
  prices: { checked: string; currency: string };
  budgets: DaemonSettings['budgets'];
  day: string;
  town: Spend;
  rigs: RigCost[];
  issues: IssueCost[];
};

export function costReport(
  town: Town,
  prices: Prices,
  settings: DaemonSettings,
  opts: { rig?: string; issue?: string; now?: number; book?: UsageBook } = {},
): CostReport {
  const book = opts.book ?? new UsageBook();
  const day = utcDay(opts.now ?? Date.now());
  const rigs: RigCost[] = [];
  const issues: IssueCost[] = [];
  const all = [];
  for (const rig of town.rigNames()) {
    const usage = book.rig(town.rigPaths(rig));
    all.push(...usage);
    if (opts.rig && opts.rig !== rig) continue;
    rigs.push({
      rig,
      spend: spendOf(allModelTokens(usage), prices),
      today: spendOf(dayModelTokens(usage, day), prices),
      budget: readBudgetState(town.rigPaths(rig)),
    });
    for (const u of usage) {
      if (opts.issue && opts.issue !== u.issue) continue;
      issues.push({
        rig,
        issue: u.issue,
        spend: spendOf(issueModelTokens(u), prices),
        polecats: Object.values(u.polecats)
          .sort((a, b) => a.created_at.localeCompare(b.created_at))
          .map((p) => ({
            polecat: p.polecat,
            created_at: p.created_at,
            agent: p.agent,
            reader: p.reader,
            ...(p.attempt ? { attempt: p.attempt } : {}),
            ...(p.tier !== undefined ? { tier: p.tier } : {}),
            ...(p.note ? { note: p.note } : {}),
            spend: spendOf(p.by_model, prices),
          })),
      });
    }
  }
  issues.sort((a, b) => a.rig.localeCompare(b.rig) || a.issue.localeCompare(b.issue));
  return {
    estimate: true,
    prices: { checked: prices.checked, currency: prices.currency },
    budgets: settings.budgets,
    day,
    town: spendOf(allModelTokens(all), prices),
    rigs,
    issues,
  };
}
