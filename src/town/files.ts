import { basename, dirname } from 'node:path';
import type { z } from 'zod';
import { PauseState, pauseFile } from './pause.js';
import type { RigPaths, TownPaths } from './paths.js';
import { Attempt } from './schemas/attempt.js';
import { Bead } from './schemas/bead.js';
import { TownEvent } from './schemas/event.js';
import { HeartbeatFile } from './schemas/heartbeat.js';
import { PolecatState } from './schemas/polecat.js';
import { RefineryState, RigConfig, WitnessState } from './schemas/rig.js';
import { MayorState, RigsFile, TownFile } from './schemas/town.js';
import { OracleFile } from './schemas/oracle.js';
import { PluginRuntime } from './schemas/plugin.js';
import { RigResources } from './schemas/resources.js';
import { OffloadJob } from './schemas/offload.js';
import { offloadDir } from './offload-jobs.js';

/**
 * THE table of the town's state files: where each lives, its schema, what a
 * missing one means, and where it goes in a snapshot. The cockpit's store
 * (watch list, path routing), the daemon's gathering and the one-shot
 * snapshot all read the town through it (TownFiles in town-files.ts).
 *
 * shape:
 * - json: one state file, validated as a whole (last good value kept on error);
 * - beads: a beads log, the last record per id;
 * - log: an append-only JSONL log read incrementally;
 * - json-each / log-each: a directory holding one such file per name (`ext`).
 *
 * missing: 'error' — the file must exist (its absence is a problem);
 * 'empty' — absent means none yet (defaults).
 */
export type TownSlot = 'town' | 'rigs' | 'mayor' | 'heartbeat' | 'pause' | 'townBeads' | 'events';
export type RigSlot =
  | 'config'
  | 'beads'
  | 'witness'
  | 'refinery'
  | 'polecats'
  | 'attempts'
  | 'oracle'
  | 'plugins'
  | 'resources'
  | 'offload';

type Shape = 'json' | 'beads' | 'log' | 'json-each' | 'log-each';
type Entry<S, P> = {
  slot: S;
  shape: Shape;
  path: (p: P) => string;
  ext?: '.json' | '.jsonl';
  schema: z.ZodType;
  missing: 'error' | 'empty';
};
export type TownEntry = Entry<TownSlot, TownPaths>;
export type RigEntry = Entry<RigSlot, RigPaths>;

export const TOWN_FILES: readonly TownEntry[] = [
  { slot: 'town', shape: 'json', path: (p) => p.townFile, schema: TownFile, missing: 'error' },
  { slot: 'rigs', shape: 'json', path: (p) => p.rigsFile, schema: RigsFile, missing: 'empty' },
  { slot: 'mayor', shape: 'json', path: (p) => p.mayorState, schema: MayorState, missing: 'empty' },
  {
    slot: 'heartbeat',
    shape: 'json',
    path: (p) => p.daemonHeartbeat,
    schema: HeartbeatFile,
    missing: 'empty',
  },
  { slot: 'pause', shape: 'json', path: pauseFile, schema: PauseState, missing: 'empty' },
  { slot: 'townBeads', shape: 'beads', path: (p) => p.townBeads, schema: Bead, missing: 'empty' },
  { slot: 'events', shape: 'log', path: (p) => p.events, schema: TownEvent, missing: 'empty' },
];

export const RIG_FILES: readonly RigEntry[] = [
  { slot: 'config', shape: 'json', path: (p) => p.config, schema: RigConfig, missing: 'error' },
  { slot: 'beads', shape: 'beads', path: (p) => p.beads, schema: Bead, missing: 'empty' },
  { slot: 'witness', shape: 'json', path: (p) => p.witnessState, schema: WitnessState, missing: 'empty' },
  {
    slot: 'refinery',
    shape: 'json',
    path: (p) => p.refineryState,
    schema: RefineryState,
    missing: 'empty',
  },
  {
    slot: 'polecats',
    shape: 'json-each',
    path: (p) => p.polecatStateDir,
    ext: '.json',
    schema: PolecatState,
    missing: 'empty',
  },
  {
    slot: 'attempts',
    shape: 'log-each',
    path: (p) => p.attemptsDir,
    ext: '.jsonl',
    schema: Attempt,
    missing: 'empty',
  },
  // CPU, memory, disk, tokens and cost per polecat (the daemon writes it each sampling pass).
  { slot: 'resources', shape: 'json', path: (p) => p.resources, schema: RigResources, missing: 'empty' },
  // The merge oracle's report (the daemon writes it).
  { slot: 'oracle', shape: 'json', path: (p) => p.oracleFile, schema: OracleFile, missing: 'empty' },
  // The daemon's record of each plugin's consultations (`plugin add` writes the first, empty):
  // the plugins themselves (<rig>/plugins/NAME) are directories, read with town/plugins.ts.
  {
    slot: 'plugins',
    shape: 'json-each',
    path: (p) => p.pluginRuntimeDir,
    ext: '.json',
    schema: PluginRuntime,
    missing: 'empty',
  },
  // Offload jobs (`overseer offload`), with what their last status query saw.
  {
    slot: 'offload',
    shape: 'json-each',
    path: offloadDir,
    ext: '.json',
    schema: OffloadJob,
    missing: 'empty',
  },
];

export function townEntry(slot: TownSlot): TownEntry {
  return TOWN_FILES.find((e) => e.slot === slot)!;
}

export function rigEntry(slot: RigSlot): RigEntry {
  return RIG_FILES.find((e) => e.slot === slot)!;
}

/** Is this file name one of a *-each directory's files? */
export function accepts(e: TownEntry | RigEntry, name: string): boolean {
  return e.ext !== undefined && name.endsWith(e.ext) && !name.startsWith('.');
}

/** The name a *-each file stands for (the polecat, the issue). */
export function nameOf(e: TownEntry | RigEntry, file: string): string {
  return basename(file).slice(0, -(e.ext?.length ?? 0));
}

export type Route =
  { scope: 'town'; entry: TownEntry } | { scope: 'rig'; rig: string; entry: RigEntry; name?: string };

/** Which file of the table a changed path is (for the watcher's events); undefined: none. */
export function routePath(town: TownPaths, rigs: Iterable<string>, path: string): Route | undefined {
  for (const entry of TOWN_FILES) if (entry.path(town) === path) return { scope: 'town', entry };
  for (const rig of rigs) {
    const rp = town.rig(rig);
    if (!path.startsWith(rp.root + '/')) continue;
    for (const entry of RIG_FILES) {
      const at = entry.path(rp);
      if (entry.ext === undefined ? at === path : dirname(path) === at && accepts(entry, basename(path)))
        return { scope: 'rig', rig, entry, ...(entry.ext ? { name: nameOf(entry, path) } : {}) };
    }
  }
  return undefined;
}
