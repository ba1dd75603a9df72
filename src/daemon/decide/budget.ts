import type { BudgetLimit, BudgetScope, BudgetSettings } from '../../town/budgets.js';
import { formatLimit } from '../../town/budgets.js';
import { isLive, type PolecatState } from '../../town/schemas/polecat.js';
import { usageKey } from '../../town/schemas/usage.js';
import type { Amount } from '../../town/usage.js';
import type { Action } from '../actions.js';
import type { DaemonRig, DaemonSnapshot } from '../snapshot.js';
import { ms } from './common.js';

/**
 * Budget step: for each budget (an attempt's, an issue's, a rig's day), at
 * warn_at an alert (attention + event), at 100% an alert and the agents
 * working under it interrupted, then stopped per the policy. The dispatcher
 * and the witness ask `budgetBlock` before starting or nudging work.
 */

export type BudgetCheck = {
  scope: BudgetScope;
  key: string;
  limit: BudgetLimit;
  spent: Amount;
  issue?: string;
  /** The live polecats working under this budget. */
  polecats: PolecatState[];
};

const unitOf = (l: BudgetLimit): 'usd' | 'tokens' => (l.usd !== undefined ? 'usd' : 'tokens');
const amountOf = (l: BudgetLimit): number => l.usd ?? l.tokens ?? Infinity;
export const ratio = (spent: Amount, l: BudgetLimit): number => spent[unitOf(l)] / amountOf(l);

const SCOPE_WORDS: Record<BudgetScope, string> = {
  attempt: 'attempt budget',
  issue: 'issue budget',
  rig_day: 'daily rig budget',
};

/** Every budget of a rig as it stands, with the live polecats under each. Pure. */
export function budgetChecks(rig: DaemonRig, b: BudgetSettings): BudgetCheck[] {
  const facts = rig.budget;
  if (!facts) return [];
  const live = rig.polecats.filter((p) => isLive(p.state));
  const out: BudgetCheck[] = [];
  const overridden = (issue: string) => facts.state.overrides[issue]?.limit;
  if (b.rig_day)
    out.push({
      scope: 'rig_day',
      key: `rig_day:${facts.day}`,
      limit: b.rig_day,
      spent: facts.rigDay,
      polecats: live.filter((p) => !overridden(p.issue)),
    });
  for (const [issue, s] of facts.issues) {
    const limit = overridden(issue) ?? b.issue;
    if (limit)
      out.push({
        scope: 'issue',
        key: `issue:${issue}`,
        limit,
        spent: s.spent,
        issue,
        polecats: live.filter((p) => p.issue === issue),
      });
  }
  for (const p of live) {
    const limit = overridden(p.issue) ?? b.attempt;
    const key = usageKey(p.name, p.created_at);
    const spent = facts.issues.get(p.issue)?.polecats.get(key);
    if (limit && spent)
      out.push({
        scope: 'attempt',
        key: `attempt:${p.issue}:${key}`,
        limit,
        spent,
        issue: p.issue,
        polecats: [p],
      });
  }
  return out;
}

/** Why new work on `issue` in this rig may not start (a spent budget), or undefined. */
export function budgetBlock(rig: DaemonRig, b: BudgetSettings, issue: string): string | undefined {
  const facts = rig.budget;
  if (!facts) return undefined;
  const override = facts.state.overrides[issue]?.limit;
  const spentIssue = facts.issues.get(issue)?.spent ?? { usd: 0, tokens: 0 };
  const issueLimit = override ?? b.issue;
  if (issueLimit && ratio(spentIssue, issueLimit) >= 1)
    return `the ${override ? 'overridden ' : ''}issue budget of ${issue} is spent: ${spentText(spentIssue, issueLimit)}`;
  if (!override && b.rig_day && ratio(facts.rigDay, b.rig_day) >= 1)
    return `the daily budget of rig ${rig.name} is spent: ${spentText(facts.rigDay, b.rig_day)}`;
  return undefined;
}

export function spentText(spent: Amount, l: BudgetLimit): string {
  const u = unitOf(l);
  return `${formatLimit(spent[u], u)}${u === 'usd' ? ' (estimated)' : ''} of ${formatLimit(amountOf(l), u)}`;
}

export function decideBudgets(snap: DaemonSnapshot, now: number): Action[] {
  const b = snap.settings.budgets;
  const out: Action[] = [];
  for (const rig of snap.rigs) {
    const alerts = rig.budget?.state.alerts ?? {};
    for (const c of budgetChecks(rig, b)) {
      const r = ratio(c.spent, c.limit);
      const unit = unitOf(c.limit);
      // An alert given under another limit (raised since) does not count.
      const given = alerts[c.key]?.limit === amountOf(c.limit) ? alerts[c.key] : undefined;
      const what = `${SCOPE_WORDS[c.scope]}${c.issue ? ` of ${c.issue}` : c.scope === 'rig_day' ? ` of ${rig.name}` : ''}`;
      const alert = (level: 'warn' | 'exceeded', reason: string): Action => ({
        kind: 'budget-alert',
        rig: rig.name,
        key: c.key,
        scope: c.scope,
        level,
        ...(c.issue ? { issue: c.issue } : {}),
        ...(c.scope === 'attempt' ? { polecat: c.polecats[0]!.name } : {}),
        spent: c.spent[unit],
        limit: amountOf(c.limit),
        unit,
        reason,
      });
      if (r < b.warn_at) continue;
      if (r < 1) {
        if (!given)
          out.push(
            alert('warn', `${Math.floor(r * 100)}% of the ${what} spent: ${spentText(c.spent, c.limit)}`),
          );
        continue;
      }
      if (given?.level !== 'exceeded')
        out.push(alert('exceeded', `the ${what} is spent: ${spentText(c.spent, c.limit)}`));
      for (const p of c.polecats) {
        if (p.state === 'done') continue;
        const pk = usageKey(p.name, p.created_at);
        const interrupted = ms(given?.interrupted?.[pk]);
        const stopped = given?.stopped?.[pk];
        const base = { rig: rig.name, key: c.key, polecat: p.name, session: p.session };
        if (b.on_exceed === 'stop') {
          if (!stopped)
            out.push({ kind: 'budget-stop', ...base, reason: `the ${what} is spent: stopped (policy stop)` });
        } else if (interrupted === undefined) {
          out.push({
            kind: 'budget-interrupt',
            ...base,
            reason: `the ${what} is spent: interrupted (Ctrl-C)`,
          });
        } else if (
          b.on_exceed === 'interrupt-then-stop' &&
          !stopped &&
          p.state === 'working' &&
          now - interrupted >= b.stop_after
        ) {
          out.push({
            kind: 'budget-stop',
            ...base,
            reason: `the ${what} is spent and the agent kept working ${Math.round((now - interrupted) / 1000)}s after Ctrl-C: stopped`,
          });
        }
      }
    }
  }
  return out;
}

/**
 * Drop the tick's actions that would spend under a spent budget: spawns
 * (dispatcher, next tier, respawn) and nudges that would start the agent again.
 */
export function withoutBudgetedWork(snap: DaemonSnapshot, actions: Action[]): Action[] {
  const b = snap.settings.budgets;
  if (!b.attempt && !b.issue && !b.rig_day) return actions;
  const rigs = new Map(snap.rigs.map((r) => [r.name, r]));
  return actions.filter((a) => {
    const rig = rigs.get('rig' in a ? a.rig : '');
    if (!rig) return true;
    if (a.kind === 'spawn') return budgetBlock(rig, b, a.issue) === undefined;
    if (a.kind === 'nudge' || a.kind === 'respawn') {
      const p = rig.polecats.find((x) => x.name === a.polecat);
      if (!p) return true;
      if (budgetBlock(rig, b, p.issue) !== undefined) return false;
      const spent = rig.budget?.issues.get(p.issue)?.polecats.get(usageKey(p.name, p.created_at));
      const limit = rig.budget?.state.overrides[p.issue]?.limit ?? b.attempt;
      return !(spent && limit && ratio(spent, limit) >= 1);
    }
    return true;
  });
}
