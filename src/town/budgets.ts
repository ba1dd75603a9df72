import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { Duration } from '../core/duration.js';
import { withLock } from '../core/lock.js';
import { tryReadJson, writeJsonAtomicSync } from '../core/json-file.js';
import type { RigPaths } from './paths.js';
import { Iso, Version } from './schemas/common.js';

/**
 * Budgets (daemon.yaml `budgets`): per attempt, per issue and per rig per
 * UTC day, each in estimated dollars (`usd`) or tokens (`tokens`, all four
 * kinds counted). At `warn_at` of a budget an attention item and an event
 * appear; at 100% the dispatcher starts no new work under it and the
 * running agent is interrupted (Ctrl-C), then stopped after `stop_after` if
 * it keeps going (policy `interrupt-then-stop`; `interrupt`: Ctrl-C only;
 * `stop`: at once).
 */
export const BudgetLimit = z
  .strictObject({ usd: z.number().positive().optional(), tokens: z.number().int().positive().optional() })
  .refine((l) => (l.usd === undefined) !== (l.tokens === undefined), 'set exactly one of usd or tokens');
export type BudgetLimit = z.infer<typeof BudgetLimit>;

export const BUDGET_SCOPES = ['attempt', 'issue', 'rig_day'] as const;
export type BudgetScope = (typeof BUDGET_SCOPES)[number];

export const EXCEED_POLICIES = ['interrupt-then-stop', 'interrupt', 'stop'] as const;

export const BudgetSettings = z
  .looseObject({
    attempt: BudgetLimit.optional(),
    issue: BudgetLimit.optional(),
    rig_day: BudgetLimit.optional(),
    warn_at: z.number().gt(0).lt(1).default(0.8),
    on_exceed: z.enum(EXCEED_POLICIES).default('interrupt-then-stop'),
    stop_after: Duration.default(30_000),
  })
  .prefault({});
export type BudgetSettings = z.infer<typeof BudgetSettings>;

/** An alert given (so it is given once), and when the agent was interrupted for it. */
export const BudgetAlert = z.looseObject({
  level: z.enum(['warn', 'exceeded']),
  at: Iso,
  spent: z.number().nonnegative(),
  limit: z.number().positive(),
  unit: z.enum(['usd', 'tokens']),
  /** Polecats (name@born) interrupted, and stopped, for it. */
  interrupted: z.record(z.string(), Iso).default({}),
  stopped: z.record(z.string(), Iso).default({}),
});
export type BudgetAlert = z.infer<typeof BudgetAlert>;

/** `overseer budget override ISSUE`: this issue's own limit, replacing the attempt and issue budgets and exempting it from the rig's daily one. */
export const BudgetOverride = z.looseObject({
  limit: BudgetLimit,
  by: z.string(),
  at: Iso,
  reason: z.string().optional(),
});
export type BudgetOverride = z.infer<typeof BudgetOverride>;

/** <rig>/.runtime/budget.json. Alert keys: attempt:<issue>:<polecat@born>, issue:<issue>, rig_day:<YYYY-MM-DD>. */
export const BudgetState = z.looseObject({
  version: Version,
  alerts: z.record(z.string(), BudgetAlert).default({}),
  overrides: z.record(z.string(), BudgetOverride).default({}),
});
export type BudgetState = z.infer<typeof BudgetState>;

export function readBudgetState(rig: RigPaths): BudgetState {
  const r = tryReadJson(rig.budgetState, BudgetState);
  return r.ok ? r.value : { version: 1, alerts: {}, overrides: {} };
}

export async function updateBudgetState(rig: RigPaths, fn: (s: BudgetState) => void): Promise<BudgetState> {
  mkdirSync(dirname(rig.budgetState), { recursive: true });
  return withLock(rig.budgetState, () => {
    const s = readBudgetState(rig);
    fn(s);
    writeJsonAtomicSync(rig.budgetState, s);
    return s;
  });
}

/** "$5.00" or "200,000 tokens". */
export function formatLimit(amount: number, unit: 'usd' | 'tokens'): string {
  return unit === 'usd' ? `$${amount.toFixed(2)}` : `${Math.round(amount).toLocaleString('en-US')} tokens`;
}
