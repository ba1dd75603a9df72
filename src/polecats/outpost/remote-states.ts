import { loadAgentsConfig } from '../../agents/presets.js';
import type { PaneCache } from '../../agents/state/pane-cache.js';
import { applyObservation, compileRules, paneLines } from '../../agents/state/refresh.js';
import type { WithHook } from '../../agents/state/record.js';
import type { SessionObservation, StateRules } from '../../agents/state/derive.js';
import type { ProbeAnswer, ProbeRequest } from '../../runtime/remote/probe.js';
import type { SessionInfo } from '../../runtime/tmux.js';
import type { PolecatState } from '../../town/schemas/polecat.js';
import type { Town } from '../../town/town.js';

/** A polecat whose state a pane can still change (a done one stays done, an operator-stopped one dead). */
function observable(p: PolecatState): boolean {
  return !(p.state === 'done' || (p.state === 'dead' && p.state_source === 'operator'));
}

/** A clock difference between town and outpost this small is noise (activity has one-second resolution). */
const SKEW_NOISE_MS = 2000;

/**
 * The outpost side of the local state refresh: what to capture there in the
 * tick's one round trip, and the states derived from what came back, with
 * the same deriveState as a polecat here. Panes are kept per outpost across
 * ticks (`panes`), so the helper captures only panes with output since the
 * town last read them.
 */
export class RemoteStates {
  private readonly rules = new Map<string, StateRules>();

  constructor(
    private readonly town: Town,
    private readonly polecats: PolecatState[],
    private readonly panes: PaneCache | undefined,
  ) {
    const agents = loadAgentsConfig(town.paths.configDir);
    for (const p of polecats)
      if (!this.rules.has(p.agent)) this.rules.set(p.agent, compileRules(agents.presets.get(p.agent)));
  }

  private rulesOf(p: PolecatState): StateRules {
    return this.rules.get(p.agent)!;
  }

  /** The capture list of the probe: every observable polecat's session, with what the town already read of it. */
  capture(): ProbeRequest['capture'] {
    return this.polecats.filter(observable).map((p) => {
      const known = this.panes?.known(p.session);
      return { name: p.session, lines: paneLines(this.rulesOf(p)), ...(known ? { known } : {}) };
    });
  }

  /**
   * Store the panes that came back, then derive and write each polecat's
   * state. `t0`/`t1`: the town's clock around the round trip, to place the
   * outpost's activity times on the town's clock when the two differ.
   */
  async apply(
    ans: ProbeAnswer,
    opts: { t0: number; t1: number; stuckAfterMs: number },
  ): Promise<PolecatState[]> {
    const sessions = new Map(ans.sessions.map((s) => [s.name, s]));
    const skew = (opts.t0 + opts.t1) / 2 - ans.now;
    const shift = Math.abs(skew) > SKEW_NOISE_MS ? skew : 0;
    if (this.panes) {
      for (const [name, pane] of Object.entries(ans.panes)) {
        const info = sessions.get(name);
        if (info) this.panes.store(info, pane.lines, pane.tail, pane.readAt);
      }
      this.panes.keepOnly(new Set(sessions.keys()));
    }
    const out: PolecatState[] = [];
    for (const p of this.polecats as WithHook[]) {
      if (!observable(p)) {
        out.push(p);
        continue;
      }
      const rules = this.rulesOf(p);
      const observed = this.observe(sessions.get(p.session), ans, paneLines(rules), shift);
      out.push(await applyObservation(this.town, p, observed, rules, opts.stuckAfterMs, opts.t1));
    }
    return out;
  }

  /** What the outpost showed of one session: its fresh pane, the cached one when unchanged, or missing/dead. */
  private observe(
    info: SessionInfo | undefined,
    ans: ProbeAnswer,
    lines: number,
    shift: number,
  ): SessionObservation {
    if (!info) return { kind: 'missing' };
    if (info.paneDead) return { kind: 'dead', exitStatus: info.exitStatus, exitSignal: info.exitSignal };
    const tail = ans.panes[info.name]?.tail ?? this.panes?.fresh(info, lines);
    // Not captured and not cached (it ended between list and capture): the next tick says.
    if (tail === undefined) return { kind: 'missing' };
    return { kind: 'alive', paneTail: tail, activityAt: info.activity * 1000 + shift };
  }
}
