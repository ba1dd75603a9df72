import { type FileProblem, tryReadJson } from '../core/json-file.js';
import type { LineProblem } from '../core/jsonl-log.js';
import { BeadsLog } from './beads-log.js';
import { TownPaths } from './paths.js';
import { readPolecats } from './polecat-state.js';
import type { Bead } from './schemas/bead.js';
import { OracleFile } from './schemas/oracle.js';
import type { PolecatState } from './schemas/polecat.js';
import { RefineryState, RigConfig, WitnessState } from './schemas/rig.js';
import { RigsFile, TownFile } from './schemas/town.js';

/**
 * The whole town read once from disk, never throwing: every file that could
 * be read and validated, plus a problem for each that could not.
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

export type Problem = FileProblem | LineProblem;

export type TownSnapshot = {
  root: string;
  town?: TownFile;
  rigs: RigSnapshot[];
  townBeads: Map<string, Bead>;
  problems: Problem[];
};

export function readTownSnapshot(root: string): TownSnapshot {
  const paths = new TownPaths(root);
  const problems: Problem[] = [];
  const town = tryReadJson(paths.townFile, TownFile);
  if (!town.ok) problems.push(town.problem);
  const rigsFile = tryReadJson(paths.rigsFile, RigsFile);
  if (!rigsFile.ok && rigsFile.problem.kind !== 'missing') problems.push(rigsFile.problem);
  const townLog = new BeadsLog(paths.townBeads, 'hq');
  const townBeads = townLog.all();
  problems.push(...townLog.problems());

  const rigs: RigSnapshot[] = [];
  for (const name of Object.keys(rigsFile.ok ? rigsFile.value.rigs : {}).sort()) {
    const rp = paths.rig(name);
    const rig: RigSnapshot = { name, issues: new Map(), polecats: [] };
    const cfg = tryReadJson(rp.config, RigConfig);
    if (cfg.ok) {
      rig.config = cfg.value;
      const log = new BeadsLog(rp.beads, cfg.value.beads.prefix);
      rig.issues = log.all();
      problems.push(...log.problems());
    } else problems.push(cfg.problem);
    const pc = readPolecats(rp);
    rig.polecats = pc.polecats;
    problems.push(...pc.problems);
    const w = tryReadJson(rp.witnessState, WitnessState);
    if (w.ok) rig.witness = w.value;
    else if (w.problem.kind !== 'missing') problems.push(w.problem);
    const r = tryReadJson(rp.refineryState, RefineryState);
    if (r.ok) rig.refinery = r.value;
    else if (r.problem.kind !== 'missing') problems.push(r.problem);
    const o = tryReadJson(rp.oracleFile, OracleFile);
    if (o.ok) rig.oracle = o.value;
    else if (o.problem.kind !== 'missing') problems.push(o.problem);
    rigs.push(rig);
  }
  return { root, town: town.ok ? town.value : undefined, rigs, townBeads, problems };
}
