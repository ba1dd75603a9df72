import { runnerFor } from '../runtime/hosts.js';
import type { Runner } from '../runtime/runner.js';
import { readPolecats } from '../town/polecat-state.js';
import type { FileChange, OracleBranch, OracleFile, OraclePair } from '../town/schemas/oracle.js';
import type { Town } from '../town/town.js';
import { OverlapOracle } from './oracle.js';
import { trackedBranches } from './tracked.js';

/** One rig's overlaps as `overseer overlaps` shows them. */
export type RigOverlaps = {
  rig: string;
  main: OracleFile['main'];
  /** Branches followed (live polecats and queued requests). */
  branches: number;
  pairs: OraclePair[];
  report: OracleFile;
};

/**
 * The oracle's current answer for each rig (or one): the daemon's report,
 * brought up to date in memory (ref files read, only moved branches diffed),
 * so the answer is right whether or not a daemon runs.
 */
export async function currentOverlaps(
  town: Town,
  rig?: string,
  runner: Runner = runnerFor(town),
): Promise<RigOverlaps[]> {
  const rigs = rig ? [town.rig(rig).name] : town.rigNames();
  const out: RigOverlaps[] = [];
  for (const name of rigs) {
    const config = town.rig(name);
    const paths = town.rigPaths(name);
    const oracle = new OverlapOracle(paths, config.default_branch, runner);
    const tracked = trackedBranches(readPolecats(paths).polecats, town.rigBeads(name).all());
    const { file } = await oracle.refresh(tracked);
    out.push({
      rig: name,
      main: file.main,
      branches: Object.keys(file.branches).length,
      pairs: file.pairs,
      report: file,
    });
  }
  return out;
}

function ranges(f: FileChange): string {
  if (f.binary) return 'binary';
  if (f.hunks.length === 0) return f.status === 'renamed' ? 'content unchanged' : 'mode only';
  const shown = f.hunks
    .slice(0, 6)
    .map(([s, n]) => (n === 0 ? `after ${s}` : n === 1 ? `${s}` : `${s}–${s + n - 1}`));
  return `lines ${shown.join(', ')}${f.hunks.length > 6 ? ', …' : ''}`;
}

/** What a branch changes in the files it shares with another, for a mail to the other's agent. */
export function describeChange(
  branch: string,
  b: OracleBranch,
  paths: ReadonlySet<string>,
  main: { name: string; ref: string },
): string[] {
  const lines: string[] = [];
  for (const f of b.files) {
    if (!paths.has(f.path) && !(f.old_path && paths.has(f.old_path))) continue;
    const name = f.old_path ? `${f.old_path} → ${f.path}` : f.path;
    lines.push(`  - ${name}: ${f.status}, ${ranges(f)} of ${main.name} (+${f.added} −${f.removed})`);
  }
  const first = [...paths][0];
  if (first) lines.push('', `See it with: git diff ${main.ref}...${branch} -- ${first}`);
  return lines;
}
