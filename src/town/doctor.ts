import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { tryReadJson } from '../core/json-file.js';
import { JsonlLog, type LineProblem } from '../core/jsonl-log.js';
import { TownPaths } from './paths.js';
import { polecatNames } from './polecat-state.js';
import { Attempt } from './schemas/attempt.js';
import { Bead } from './schemas/bead.js';
import { checkBeadsFile } from './beads-check.js';
import { TownEvent } from './schemas/event.js';
import { PolecatState } from './schemas/polecat.js';
import { OracleFile } from './schemas/oracle.js';
import { RefineryState, RigConfig, WitnessState } from './schemas/rig.js';
import { MayorState, RigsFile, TownFile } from './schemas/town.js';
import type { RigPaths } from './paths.js';

export type Finding = {
  file: string;
  message: string;
  /** What --fix does about it, when it is safe to do anything. */
  fix?: { describe: string; run: () => Promise<void> | void };
  fixed?: boolean;
};

/**
 * A validator for an operator-edited file in <town>/config/: a message
 * naming the file and field, or undefined when the file is fine.
 */
export type ConfigValidator = { file: string; validate: (path: string) => string | undefined };

/**
 * Checks that belong to higher layers (config files of features, the warm
 * worktree pool): the entry point passes them in, so this file reads only
 * the town format.
 */
export type DoctorChecks = {
  config?: readonly ConfigValidator[];
  rig?: readonly ((rig: RigPaths) => Promise<Finding[]>)[];
};

const STALE_LOCK_MS = 60_000;

/**
 * Check every file of the town. With `fix`, repair only what is safe: torn
 * (non-JSON) lines in logs, stale locks, leftovers of interrupted writes and
 * installs, runtime state of polecats whose worktree is gone.
 */
export async function doctor(
  root: string,
  opts: { fix?: boolean; now?: number; checks?: DoctorChecks } = {},
): Promise<Finding[]> {
  const now = opts.now ?? Date.now();
  const p = new TownPaths(root);
  const findings: Finding[] = [];

  const json = (file: string, schema: z.ZodType, required = true) => {
    const r = tryReadJson(file, schema);
    if (!r.ok && (required || r.problem.kind !== 'missing'))
      findings.push({ file, message: r.problem.message });
    return r.ok ? r.value : undefined;
  };
  /** Problems of one log: torn or invalid lines are one finding `--fix` drops; the rest are reported. */
  const report = (file: string, problems: LineProblem[], drop: () => Promise<unknown>) => {
    const torn = problems.filter((x) => x.kind === 'torn-tail' || x.kind === 'syntax');
    for (const prob of problems) {
      if (prob.kind === 'torn-tail' || prob.kind === 'syntax') continue;
      findings.push({ file, message: prob.message });
    }
    if (torn.length > 0) {
      findings.push({
        file,
        message: torn.map((t) => t.message).join('; '),
        fix: {
          describe: `removed ${torn.length} torn line(s) from ${file}`,
          run: async () => void (await drop()),
        },
      });
    }
  };
  const log = (file: string, schema: z.ZodType) => {
    const l = new JsonlLog(file, schema);
    if (l.exists()) report(file, l.readAll().problems, () => l.dropTornLines());
  };
  // Beads logs: bd's valid records are not problems (beads-check.ts).
  const beads = (file: string) => {
    if (existsSync(file))
      report(file, checkBeadsFile(file).problems, () => new JsonlLog(file, Bead).dropTornLines());
  };

  json(p.townFile, TownFile);
  const rigs = json(p.rigsFile, RigsFile) as z.infer<typeof RigsFile> | undefined;
  json(p.mayorState, MayorState, false);
  beads(p.townBeads);
  log(p.events, TownEvent);
  for (const v of opts.checks?.config ?? []) {
    const file = p.configFile(v.file);
    if (!existsSync(file)) continue;
    const problem = v.validate(file);
    if (problem) findings.push({ file, message: problem });
  }

  for (const name of Object.keys(rigs?.rigs ?? {})) {
    const rp = p.rig(name);
    if (!existsSync(rp.root)) {
      findings.push({
        file: rp.root,
        message: `${rp.root}: rig ${name} is listed in mayor/rigs.json but its directory is missing`,
      });
      continue;
    }
    json(rp.config, RigConfig);
    if (!existsSync(join(rp.canonicalClone, '.git')))
      findings.push({ file: rp.canonicalClone, message: `${rp.canonicalClone}: canonical clone is missing` });
    if (!existsSync(join(rp.refineryClone, '.git')))
      findings.push({ file: rp.refineryClone, message: `${rp.refineryClone}: refinery clone is missing` });
    beads(rp.beads);
    json(rp.witnessState, WitnessState, false);
    json(rp.refineryState, RefineryState, false);
    json(rp.oracleFile, OracleFile, false);
    for (const pc of polecatNames(rp)) {
      const file = rp.polecatState(pc);
      const st = json(file, PolecatState) as z.infer<typeof PolecatState> | undefined;
      if (st && !existsSync(st.worktree) && st.outpost === 'local') {
        findings.push({
          file,
          message: `${file}: polecat ${pc} has no worktree at ${st.worktree} (orphaned runtime state)`,
          fix: {
            describe: `removed orphaned polecat state ${file}`,
            run: () => rmSync(file, { force: true }),
          },
        });
      }
    }
    for (const check of opts.checks?.rig ?? []) findings.push(...(await check(rp)));
    for (const f of listDir(rp.attemptsDir)) if (f.endsWith('.jsonl')) log(join(rp.attemptsDir, f), Attempt);
    scanLeftovers(
      [
        rp.root,
        join(rp.root, '.beads'),
        rp.polecatStateDir,
        join(rp.root, 'witness'),
        join(rp.root, 'refinery'),
      ],
      now,
      findings,
    );
  }
  scanLeftovers([p.mayorDir, join(root, '.beads'), root, p.runtimeDir], now, findings);
  for (const d of listDir(p.tmpDir)) {
    const full = join(p.tmpDir, d);
    findings.push({
      file: full,
      message: `${full}: leftover of an interrupted install or rig add`,
      fix: { describe: `removed ${full}`, run: () => rmSync(full, { recursive: true, force: true }) },
    });
  }

  if (opts.fix) {
    for (const f of findings) {
      if (!f.fix) continue;
      await f.fix.run();
      f.fixed = true;
    }
  }
  return findings;
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Stale `*.lock` directories and temp files of interrupted atomic writes. */
function scanLeftovers(dirs: string[], now: number, findings: Finding[]): void {
  for (const dir of dirs) {
    for (const f of listDir(dir)) {
      const full = join(dir, f);
      let st;
      try {
        st = statSync(full);
      } catch {
        continue;
      }
      if (f.endsWith('.lock') && st.isDirectory() && now - st.mtimeMs > STALE_LOCK_MS) {
        findings.push({
          file: full,
          message: `${full}: stale lock (${Math.round((now - st.mtimeMs) / 1000)}s old)`,
          fix: {
            describe: `removed stale lock ${full}`,
            run: () => rmSync(full, { recursive: true, force: true }),
          },
        });
      } else if (/\.(json|jsonl)\.\d+$/.test(f) && st.isFile() && now - st.mtimeMs > STALE_LOCK_MS) {
        findings.push({
          file: full,
          message: `${full}: leftover temp file of an interrupted write`,
          fix: { describe: `removed ${full}`, run: () => rmSync(full, { force: true }) },
        });
      }
    }
  }
}
