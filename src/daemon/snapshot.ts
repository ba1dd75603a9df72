import type { ChainsConfig } from '../escalation/chains.js';
import type { Attempt } from '../town/schemas/attempt.js';
import type { Bead } from '../town/schemas/bead.js';
import type { OracleFile } from '../town/schemas/oracle.js';
import type { PluginInfo } from '../town/plugins.js';
import type { PolecatState } from '../town/schemas/polecat.js';
import type { RefineryState, RigConfig, WitnessState } from '../town/schemas/rig.js';
import type { MayorState } from '../town/schemas/town.js';
import type { PauseState } from '../town/pause.js';
import type { DaemonSettings } from '../town/daemon-settings.js';
import type { BudgetState } from '../town/budgets.js';
import type { RigAmounts } from '../town/usage.js';
import type { RigResources } from '../town/schemas/resources.js';

/**
 * Everything a tick decides on, gathered once by the executor into plain
 * data. Decision functions read only this (and `now`): no I/O.
 */
export type SessionFact = {
  name: string;
  /** The command in the pane still runs (a dead pane is kept by remain-on-exit). */
  alive: boolean;
  /** Last output in the session, epoch ms. */
  activityMs: number;
  exitStatus?: number | null;
  /** Clients attached (an operator typing in it): no idle nudge then. */
  attached?: number;
};

export type DaemonRig = {
  name: string;
  config: RigConfig;
  issues: Map<string, Bead>;
  polecats: PolecatState[];
  witness: WitnessState;
  refinery?: RefineryState;
  /** issue id → attempts (latest record per attempt, in order). */
  attempts: Map<string, Attempt[]>;
  /** Directory names under <rig>/polecats/ (worktrees on disk; dot names such as .pool excluded). */
  worktrees: string[];
  /** Ready entries of the warm worktree pool (<rig>/polecats/.pool); undefined: not gathered. */
  pool?: number;
  /** What the rig spent (tokens, estimated dollars) and the budget alerts given; undefined: no budget set. */
  budget?: RigAmounts & { state: BudgetState };
  /** CPU, memory and disk per polecat as last sampled. */
  resources?: RigResources;
  /** The merge oracle's report, refreshed this tick. */
  oracle?: OracleFile;
  /** Plugins of the rig (<rig>/plugins/NAME) with the daemon's record of their consultations. */
  plugins?: PluginInfo[];
};

export type DaemonSnapshot = {
  root: string;
  rigs: DaemonRig[];
  townBeads: Map<string, Bead>;
  mayor: MayorState;
  /** Sessions of the town's tmux server by name. */
  sessions: Map<string, SessionFact>;
  settings: DaemonSettings;
  chains: ChainsConfig;
  /** When the last workspace GC pass started (epoch ms), if any in this daemon's life. */
  lastGcAt?: number;
  /** Outposts reached this tick (their polecats' sessions are in `sessions`) and their free slots, in policy.preference order. */
  outposts?: OutpostFact[];
  /** The emergency stop's pause (.runtime/pause.json); absent: nothing paused. */
  paused?: PauseState;
};

export type OutpostFact = { name: string; reachable: boolean; free: number };

/** A polecat whose host was seen this tick: here, or an outpost that answered. Others keep their last known state. */
export function hostSeen(snap: DaemonSnapshot, p: { outpost: string }): boolean {
  return p.outpost === 'local' || snap.outposts?.some((o) => o.name === p.outpost && o.reachable) === true;
}

export type WitnessEntry = WitnessState['polecats'][string];

export function witnessEntry(rig: DaemonRig, polecat: string): WitnessEntry {
  return rig.witness.polecats[polecat] ?? { nudges: 0, verify_failures: 0, respawns: 0 };
}

export function sessionAlive(snap: DaemonSnapshot, session: string): boolean {
  return snap.sessions.get(session)?.alive === true;
}

export function emptyWitness(rig: string, now: number): WitnessState {
  return { version: 1, rig, updated_at: new Date(now).toISOString(), polecats: {} };
}

export function emptyMayor(now: number): MayorState {
  return { version: 1, updated_at: new Date(now).toISOString(), managers: {} };
}
