import { errorMessage, isOverseerError } from '../core/errors.js';
import { sanitizeLine } from '../core/sanitize.js';
import type { OracleRegistry } from '../oracle/registry.js';
import { processQueue } from '../refinery/index.js';
import { requeueResolved, supersedeResolved } from '../refinery/resolved.js';
import type { Runner } from '../runtime/runner.js';
import type { Tmux } from '../runtime/tmux.js';
import type { Town } from '../town/town.js';
import type { Action } from './actions.js';
import { ACTOR, type ExecContext } from './exec/context.js';
import * as escalation from './exec/escalation-actions.js';
import { GcActions } from './exec/gc-actions.js';
import { PoolActions } from './exec/pool-actions.js';
import * as witness from './exec/witness-actions.js';
import * as budget from './exec/budget-actions.js';
import { invokePlugin, recordTimeout, recordVerdict } from './exec/plugin-actions.js';
import { pokeManager, respawnManager } from './managers.js';
import type { DaemonSnapshot } from './snapshot.js';

export { ACTOR } from './exec/context.js';

export type ActionOutcome = { action: Action; ok: boolean; detail: string };

/**
 * Performs the tick's actions, one at a time, and logs each with its reason
 * (and outcome) to .events.jsonl. A failed action is logged and retried by
 * the next tick's decisions; it never stops the tick. The actions themselves
 * live by family in exec/: witness, escalation (attempts), gc.
 */
export class DaemonExecutor {
  private readonly gc = new GcActions();
  private readonly pool = new PoolActions();
  private readonly cx: ExecContext;
  lastGcAt?: number;
  /** The daemon's merge oracles (set by the Daemon). */
  oracles?: OracleRegistry;

  constructor(
    readonly town: Town,
    readonly runner: Runner,
    readonly tmux: Tmux,
    readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.cx = { town, runner, tmux, env };
  }

  async run(action: Action, snap: DaemonSnapshot, now: number): Promise<ActionOutcome> {
    let detail: string;
    let ok = true;
    try {
      detail = await this.perform(action, snap, now);
    } catch (e) {
      ok = false;
      detail = `failed: ${errorMessage(e)}`;
      if (!isOverseerError(e) && this.env.OVERSEER_DAEMON_DEBUG)
        process.stderr.write(`${(e as Error).stack}\n`);
    }
    if (detail !== '') {
      const a = action as Action & { rig?: string; polecat?: string; issue?: string; epic?: string };
      await this.town.events.emit({
        kind: `daemon.${action.kind}`,
        actor: ACTOR,
        ...(a.rig ? { rig: a.rig } : {}),
        ...(a.polecat
          ? { subject: `${a.rig}/${a.polecat}` }
          : a.issue
            ? { subject: a.issue }
            : a.epic
              ? { subject: a.epic }
              : {}),
        message: sanitizeLine(`${action.kind}: ${action.reason}${detail ? ` — ${detail}` : ''}`, 600),
        data: { reason: action.reason, ok, decided_at: new Date(now).toISOString(), ...actionData(action) },
      });
    }
    return { action, ok, detail };
  }

  private async perform(a: Action, snap: DaemonSnapshot, now: number): Promise<string> {
    const cx = this.cx;
    switch (a.kind) {
      case 'nudge':
        return witness.nudge(cx, a, now);
      case 'witness-reset':
        return witness.witnessReset(cx, a, now);
      case 'mark-state':
        return witness.markState(cx, a, now);
      case 'respawn':
        return witness.respawn(cx, a, now);
      case 'cycle':
        return witness.cycle(cx, a, now);
      case 'cleanup':
        return witness.cleanup(cx, a, now);
      case 'escalate':
        return escalation.escalate(cx, a, now);
      case 'spawn':
        return escalation.spawn(cx, a, now);
      case 'start-attempt':
        return escalation.startAttempt(cx, a, now);
      case 'mark-spawned':
        return escalation.markSpawned(cx, a);
      case 'end-attempt':
        return escalation.endAttemptAction(cx, a, now);
      case 'verify':
        return escalation.verify(cx, a, snap, now);
      case 'refinery': {
        const run = await processQueue(this.town, a.rig, a.skip ? { skip: a.skip } : {});
        const all = [...run.recovered, ...run.processed];
        return all.length ? all.map((r) => `${r.mr} ${r.outcome}`).join(', ') : 'nothing processable';
      }
      case 'mr-resolved':
        if (a.by) {
          await supersedeResolved(this.town, this.runner, a.mr, a.by, a.reason);
          return `${a.mr} merged (through ${a.by})`;
        }
        await requeueResolved(this.town, a.mr, a.reason);
        return `${a.mr} queued`;
      case 'poke-manager':
        return pokeManager(this.town, this.tmux, a, now);
      case 'respawn-manager':
        return respawnManager(this.town, this.runner, this.tmux, a.epic, a.resume, now, this.env);
      case 'gc-pass':
        this.lastGcAt = now;
        return this.gc.mirrors(cx);
      case 'gc-refuse':
        return this.gc.refuse(a.rig, a.polecat, a.reason) ? 'refused' : '';
      case 'gc-check':
        return this.gc.check(cx, a, now);
      case 'pool-refill':
        return this.pool.refill(this.runner, this.town, a.rig, now);
      case 'budget-alert':
        return budget.budgetAlert(cx, a, now);
      case 'budget-interrupt':
        return budget.budgetInterrupt(cx, a, now);
      case 'budget-stop':
        return budget.budgetStop(cx, a, now);
      case 'runaway-alert':
        return budget.runawayAlert(cx, a, now);
      case 'plugin-invoke':
        return invokePlugin(cx, a, now);
      case 'plugin-verdict':
        return recordVerdict(cx, a, now);
      case 'plugin-timeout':
        return recordTimeout(cx, a);
      case 'overlap':
        await this.oracles?.announce(a.rig, a.pair, a.class);
        return a.quiet ? 'quiet' : 'needs attention while both work';
    }
  }
}

function actionData(a: Action): Record<string, unknown> {
  switch (a.kind) {
    case 'nudge':
      return { nudge: a.nudge, about: a.about ?? 'stuck' };
    case 'escalate':
      return { about: a.about, to: a.to, ...(a.issue ? { issue: a.issue } : {}) };
    case 'spawn':
      return {
        issue: a.issue,
        chain: a.chain,
        tier: a.tier.name,
        preset: a.tier.preset,
        model: a.tier.model,
        attempt: a.attempt,
      };
    case 'end-attempt':
      return { issue: a.issue, verdict: a.verdict };
    case 'budget-alert':
      return { budget: a.key, level: a.level, spent: a.spent, limit: a.limit, unit: a.unit };
    case 'mr-resolved':
      return { mr: a.mr, ...(a.by ? { by: a.by } : {}) };
    case 'plugin-invoke':
      return { plugin: a.plugin, hook: a.hook, key: a.key };
    case 'plugin-verdict':
      return { plugin: a.plugin, hook: a.hook, verdict: a.verdict, invocation: a.invocation };
    case 'plugin-timeout':
      return { plugin: a.plugin, hook: a.hook, invocation: a.invocation, timed_out: true };
    case 'overlap':
      return { pair: a.pair, class: a.class, quiet: a.quiet, later: a.later };
    default:
      return {};
  }
}
