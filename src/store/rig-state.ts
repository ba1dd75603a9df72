import type { RigPaths } from '../town/paths.js';
import type { Attempt } from '../town/schemas/attempt.js';
import type { Bead } from '../town/schemas/bead.js';
import type { OracleFile } from '../town/schemas/oracle.js';
import type { PolecatState } from '../town/schemas/polecat.js';
import type { RefineryState, RigConfig, WitnessState } from '../town/schemas/rig.js';
import type { PluginInfo } from '../town/plugins.js';
import type { RigView } from './types.js';

/** Rig slots held as one JSON value each (shape json in the table). */
export type JsonKey = 'config' | 'witness' | 'refinery' | 'oracle' | 'resources';

export type RigState = {
  paths: RigPaths;
  config?: RigConfig;
  issues: ReadonlyMap<string, Bead>;
  polecats: Map<string, PolecatState>;
  witness?: WitnessState;
  refinery?: RefineryState;
  attempts: Map<string, readonly Attempt[]>;
  crew: readonly string[];
  oracle?: OracleFile;
  resources?: RigView['resources'];
  plugins: PluginInfo[];
  offload: NonNullable<RigView['offload']>;
  view?: RigView;
  dirty: boolean;
};

/** A rig just listed in rigs.json: nothing read yet. */
export function newRigState(paths: RigPaths): RigState {
  return {
    paths,
    issues: new Map(),
    polecats: new Map(),
    attempts: new Map(),
    crew: [],
    plugins: [],
    offload: [],
    dirty: true,
  };
}
