import type { Attempt } from '../town/schemas/attempt.js';
import type { Bead } from '../town/schemas/bead.js';
import type { RigResources } from '../town/schemas/resources.js';
import type { OracleFile } from '../town/schemas/oracle.js';
import type { PluginInfo } from '../town/plugins.js';
import type { OffloadJob } from '../town/schemas/offload.js';
import type { TownEvent } from '../town/schemas/event.js';
import type { PolecatState } from '../town/schemas/polecat.js';
import type { RefineryState, RigConfig, WitnessState } from '../town/schemas/rig.js';
import type { MayorState, TownFile } from '../town/schemas/town.js';
import type { DaemonView } from '../town/daemon-view.js';
import type { HeartbeatFile } from '../town/schemas/heartbeat.js';
import type { PauseState } from '../town/pause.js';
import type { OutpostStatus } from '../town/schemas/outpost.js';

/**
 * What the cockpit sees of a town: one immutable value. A new snapshot (new
 * identity) is made only when something changed; unchanged parts keep their
 * identity, so selectors memoized on them skip work.
 */

export type { FileError } from '../town/town-files.js';
import type { FileError } from '../town/town-files.js';

export type RigView = {
  readonly name: string;
  readonly config?: RigConfig;
  /** Last record per id of the rig's beads log (issues and merge requests). */
  readonly issues: ReadonlyMap<string, Bead>;
  /** Polecats by name, in name order. */
  readonly polecats: readonly PolecatState[];
  readonly witness?: WitnessState;
  readonly refinery?: RefineryState;
  /** Attempt records per issue id, in file order. */
  readonly attempts: ReadonlyMap<string, readonly Attempt[]>;
  /** Crew workspace names (directories under RIG/crew), re-read when a crew event is logged. */
  readonly crew?: readonly string[];
  /** The merge oracle's report (branches, overlapping pairs). */
  readonly oracle?: OracleFile;
  /** Plugins (<rig>/plugins/NAME) with the daemon's record of their consultations. */
  readonly plugins?: readonly PluginInfo[];
  /** Offload jobs (<rig>/.runtime/offload), with what their last status query saw. */
  readonly offload?: readonly OffloadJob[];
  /** CPU, memory, disk, tokens and estimated cost per polecat, and the rig's totals (daemon-sampled). */
  readonly resources?: RigResources;
};

export type HeartbeatView = {
  readonly value: HeartbeatFile;
  readonly at: number;
  /** Each outpost as the daemon's last tick saw it (its status files, re-read with each heartbeat). */
  readonly outposts?: readonly OutpostStatus[];
};

/** Pane activity of live polecat sessions: session name → last activity (epoch ms). */
export type PaneActivity = ReadonlyMap<string, number>;

export type StoreSnapshot = {
  /** Increments with every new snapshot. */
  readonly seq: number;
  readonly root: string;
  readonly town?: TownFile;
  readonly mayor?: MayorState;
  readonly heartbeat?: HeartbeatView;
  /** How current the polecat states are (with a state probe): running, stale since a tick, or off. */
  readonly daemon?: DaemonView;
  /** The emergency stop's pause (.runtime/pause.json); undefined: nothing paused. */
  readonly paused?: PauseState;
  /** The large beads logs (issues, mail) are still being read (progressive start). */
  readonly loading: boolean;
  /** Town beads: mail and escalations. */
  readonly townBeads: ReadonlyMap<string, Bead>;
  /** The most recent events, oldest first (at most EVENTS_KEPT). */
  readonly events: readonly TownEvent[];
  readonly rigs: readonly RigView[];
  readonly paneActivity: PaneActivity;
  /** One entry per file that currently fails to read or validate, sorted by file. */
  readonly errors: readonly FileError[];
};

export const EVENTS_KEPT = 500;
