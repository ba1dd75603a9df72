import { loadAgentsConfig } from '../presets.js';
import { compileRules } from './rules.js';
import { readPolecats } from '../../town/polecat-state.js';
import type { PolecatState } from '../../town/schemas/polecat.js';
import type { Town } from '../../town/town.js';
import type { SessionInfo, Tmux } from '../../runtime/tmux.js';
import { tmuxCall, townTmux } from '../../runtime/town-tmux.js';
import { updatePolecat } from '../../town/polecat-state.js';
import { sameState, withState, type WithHook } from './record.js';
import { loadDaemonSettings } from '../../town/daemon-settings.js';
import type { PaneCache } from './pane-cache.js';
import { deriveState, type SessionObservation, type StateInputs, type StateRules } from './derive.js';

export { compileRules } from './rules.js';

/**
 * What tmux shows of one session: a capture-pane for a live one, or the
 * cached tail when `panes` knows the pane has had no output since it read it.
 */
export async function observeSession(
  tmux: Tmux,
  info: SessionInfo | undefined,
  lines: number,
  panes?: PaneCache,
): Promise<SessionObservation> {
  if (!info) return { kind: 'missing' };
  if (info.paneDead) return { kind: 'dead', exitStatus: info.exitStatus, exitSignal: info.exitSignal };
  try {
    const paneTail = panes
      ? await panes.read(tmux, info, lines)
      : await tmux.capturePane(info.name, { lines });
    return { kind: 'alive', paneTail, activityAt: info.activity * 1000 };
  } catch {
    return { kind: 'missing' };
  }
}

/** How many lines of a pane the state derivation reads for an agent's rules. */
export function paneLines(rules: StateRules): number {
  return Math.max(40, rules.tailLines * 3);
}

export function stateInputs(
  p: WithHook,
  observed: SessionObservation,
  rules: StateRules,
  stuckAfterMs: number,
): StateInputs {
  return {
    current: { state: p.state, source: p.state_source, reason: p.state_reason, since: p.state_since },
    createdAt: p.created_at,
    session: p.session,
    observed,
    hook: p.hook,
    rules,
    stuckAfterMs,
  };
}

export type RefreshOptions = {
  tmux?: Tmux;
  now?: number;
  /** The sessions as listed this tick (one list-sessions call); listed here when absent. */
  sessions?: SessionInfo[];
  /** Kept across refreshes (the daemon's): a pane is captured again only after new output. */
  panes?: PaneCache;
  /** The stuck timer; default daemon.yaml witness.stuck_after, the one the witness uses. */
  stuckAfterMs?: number;
};

/**
 * Derive every polecat's state (of one rig, or all) from tmux and write the
 * state files whose state or reason changed. Each write re-derives under the
 * file's lock from the freshest record, so a hook signal that arrived
 * meanwhile is not overwritten. Returns the polecats as they now stand.
 */
export async function refreshPolecatStates(
  town: Town,
  rig?: string,
  opts: RefreshOptions = {},
): Promise<PolecatState[]> {
  const tmux = opts.tmux ?? townTmux(town);
  const agents = loadAgentsConfig(town.paths.configDir);
  const stuckAfterMs = opts.stuckAfterMs ?? loadDaemonSettings(town.paths).witness.stuck_after;
  const listed = opts.sessions ?? (await tmuxCall(() => tmux.listSessions()));
  const sessions = new Map(listed.map((s) => [s.name, s]));
  opts.panes?.keepOnly(new Set(sessions.keys()));
  const rigs = rig ? [town.rig(rig).name] : town.rigNames();
  const out: PolecatState[] = [];
  for (const r of rigs) {
    const paths = town.rigPaths(r);
    for (const p of readPolecats(paths).polecats as WithHook[]) {
      // A polecat on an outpost is not in this tmux: its pane comes back in the outpost's round trip (outpost/sync.ts).
      if (p.outpost !== 'local') {
        out.push(p);
        continue;
      }
      const rules = compileRules(agents.presets.get(p.agent));
      const observed = await observeSession(tmux, sessions.get(p.session), paneLines(rules), opts.panes);
      const now = opts.now ?? Date.now();
      out.push(await applyObservation(town, p, observed, rules, stuckAfterMs, now));
    }
  }
  return out;
}

/**
 * Derive one polecat's state from what its pane showed and write it when
 * the state or reason changed (re-derived under the file's lock from the
 * freshest record, so a hook signal that arrived meanwhile wins), with a
 * `polecat.state` event on a change of state. The same for a polecat here
 * and one on an outpost (whose pane came back in the tick's round trip).
 */
export async function applyObservation(
  town: Town,
  p: WithHook,
  observed: SessionObservation,
  rules: StateRules,
  stuckAfterMs: number,
  now: number,
): Promise<PolecatState> {
  const derived = deriveState(stateInputs(p, observed, rules, stuckAfterMs), now);
  if (sameState(p, derived)) return p;
  const r = p.rig;
  const written = await updatePolecat(town.rigPaths(r), p.name, (fresh) => {
    const d = deriveState(stateInputs(fresh as WithHook, observed, rules, stuckAfterMs), now);
    if (sameState(fresh, d)) return undefined;
    const activity =
      observed.kind === 'alive' ? new Date(observed.activityAt).toISOString() : fresh.last_activity_at;
    return { ...withState(fresh, d), last_activity_at: activity };
  });
  if (!written) return p;
  if (written.state !== p.state)
    await town.events.emit({
      kind: 'polecat.state',
      actor: 'daemon',
      rig: r,
      subject: `${r}/${p.name}`,
      message: `${p.name}: ${p.state} → ${written.state} (${written.state_reason})`,
      data: { from: p.state, to: written.state, source: written.state_source },
    });
  return written;
}
