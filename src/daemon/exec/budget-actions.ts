import { polecatRef } from '../../polecats/resolve.js';
import { stopPolecat } from '../../polecats/session-ops.js';
import { readPolecat } from '../../town/polecat-state.js';
import { updateBudgetState } from '../../town/budgets.js';
import { usageKey } from '../../town/schemas/usage.js';
import { escalation } from '../actions.js';
import type { ActionOf, ExecContext } from './context.js';
import { escalate } from './escalation-actions.js';
import { writeJsonAtomicSync } from '../../core/json-file.js';
import { readRigResources } from '../../town/polecat-figures.js';

/**
 * Budget actions: an alert is recorded (given once per budget and limit) and
 * sent as escalation mail to the overseer (the attention queue); the event
 * is the executor's log line. An interrupt is Ctrl-C in the agent's
 * session; a stop ends the polecat's session and process tree.
 */

export async function budgetAlert(
  cx: ExecContext,
  a: ActionOf<'budget-alert'>,
  now: number,
): Promise<string> {
  const iso = new Date(now).toISOString();
  await updateBudgetState(cx.town.rigPaths(a.rig), (s) => {
    const prev = s.alerts[a.key];
    s.alerts[a.key] = {
      level: a.level,
      at: iso,
      spent: a.spent,
      limit: a.limit,
      unit: a.unit,
      interrupted: prev?.limit === a.limit ? prev.interrupted : {},
      stopped: prev?.limit === a.limit ? prev.stopped : {},
    };
  });
  const subject = a.level === 'warn' ? `Budget warning: ${a.reason}` : `Budget spent: ${a.reason}`;
  const body =
    `${a.reason}.\n\n` +
    (a.level === 'warn'
      ? 'At 100% the dispatcher starts no new work under this budget and the agent is interrupted.'
      : 'No new work starts under this budget and its agents are interrupted. To let work go on, raise ' +
        'the budget in config/daemon.yaml (budgets) or run `overseer budget override ISSUE --usd N|--tokens N`.') +
    '\nCosts are estimates from config/prices.yaml.';
  await escalate(
    cx,
    escalation(
      'budget',
      // Not about the polecat: its witness entry (escalated_at) is left to the witness.
      { rig: a.rig, ...(a.issue ? { issue: a.issue } : {}) },
      { subject, body, reason: a.reason, to: ['overseer'] },
    ),
    now,
  );
  return `${a.level}: ${a.key}`;
}

async function mark(
  cx: ExecContext,
  a: { rig: string; key: string; polecat: string },
  field: 'interrupted' | 'stopped',
  now: number,
) {
  const p = readPolecat(cx.town.rigPaths(a.rig), a.polecat);
  if (!p) return undefined;
  const pk = usageKey(p.name, p.created_at);
  await updateBudgetState(cx.town.rigPaths(a.rig), (s) => {
    const alert = s.alerts[a.key];
    if (alert) alert[field] = { ...alert[field], [pk]: new Date(now).toISOString() };
  });
  return p;
}

export async function budgetInterrupt(
  cx: ExecContext,
  a: ActionOf<'budget-interrupt'>,
  now: number,
): Promise<string> {
  await cx.tmux.sendKeys(a.session, ['C-c']);
  await mark(cx, a, 'interrupted', now);
  return 'sent Ctrl-C';
}

export async function budgetStop(cx: ExecContext, a: ActionOf<'budget-stop'>, now: number): Promise<string> {
  const p = await mark(cx, a, 'stopped', now);
  if (!p) return 'polecat gone';
  const r = await stopPolecat(polecatRef(cx.town, p), { tmux: cx.tmux, actor: 'daemon (budget spent)' });
  return `stopped${r.hadSession ? '' : ' (no session)'}`;
}

export async function runawayAlert(
  cx: ExecContext,
  a: ActionOf<'runaway-alert'>,
  now: number,
): Promise<string> {
  const path = cx.town.rigPaths(a.rig).resources;
  const r = readRigResources(path);
  const entry = r?.polecats[a.polecat];
  if (r && entry) {
    entry.runaway_at = new Date(now).toISOString();
    writeJsonAtomicSync(path, r);
  }
  await escalate(
    cx,
    escalation(
      'runaway',
      { rig: a.rig, issue: a.issue },
      {
        subject: `Runaway: ${a.polecat}`,
        body: `${a.reason}.\nSee \`overseer polecat list\` (CPU, MEM) and attach to the polecat to look.`,
        reason: a.reason,
        to: ['overseer'],
      },
    ),
    now,
  );
  return 'alerted';
}
