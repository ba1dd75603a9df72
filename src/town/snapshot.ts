import { rigEntry, townEntry } from './files.js';
import type { Bead } from './schemas/bead.js';
import type { OracleFile } from './schemas/oracle.js';
import type { PolecatState } from './schemas/polecat.js';
import type { RefineryState, RigConfig, WitnessState } from './schemas/rig.js';
import type { RigsFile, TownFile } from './schemas/town.js';
import { type FileError, TownFiles } from './town-files.js';
import { TOWN_PREFIX } from './town.js';

/**
 * The whole town read once from disk (through TownFiles and the table of
 * the town's files), never throwing: every file that could be read and
 * validated, plus a problem for each that could not.
 */
export type RigSnapshot = {
  name: string;
  config?: RigConfig;
  issues: Map<string, Bead>;
  polecats: PolecatState[];
  witness?: WitnessState;
  refinery?: RefineryState;
  /** The merge oracle's report (written by the daemon). */
  oracle?: OracleFile;
};

export type TownSnapshot = {
  root: string;
  town?: TownFile;
  rigs: RigSnapshot[];
  townBeads: Map<string, Bead>;
  problems: FileError[];
};

export function readTownSnapshot(root: string): TownSnapshot {
  const f = new TownFiles(root);
  const p = f.paths;
  const town = f.json<TownFile>(townEntry('town'), p.townFile);
  const rigsFile = f.json<RigsFile>(townEntry('rigs'), p.rigsFile);
  const townBeads = f.beads(p.townBeads, TOWN_PREFIX).map;
  const rigs: RigSnapshot[] = [];
  for (const name of Object.keys(rigsFile?.rigs ?? {}).sort()) {
    const rp = p.rig(name);
    const config = f.json<RigConfig>(rigEntry('config'), rp.config);
    const pc = rigEntry('polecats');
    rigs.push({
      name,
      config,
      issues: config ? f.beads(rp.beads, config.beads.prefix).map : new Map(),
      polecats: f
        .names(pc, rp.polecatStateDir)
        .map((n) => f.json<PolecatState>(pc, rp.polecatState(n)))
        .filter((x): x is PolecatState => x !== undefined),
      witness: f.json<WitnessState>(rigEntry('witness'), rp.witnessState),
      refinery: f.json<RefineryState>(rigEntry('refinery'), rp.refineryState),
      oracle: f.json<OracleFile>(rigEntry('oracle'), rp.oracleFile),
    });
  }
  return { root, town, rigs, townBeads, problems: f.errors() };
}
