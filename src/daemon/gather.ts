import { readdirSync } from 'node:fs';
import { tryReadJson } from '../core/json-file.js';
import { AttemptsCache } from '../escalation/attempts.js';
import { type ChainsConfig, loadChains } from '../escalation/chains.js';
import { BeadsLog } from '../town/beads-log.js';
import { poolEntries } from '../polecats/pool.js';
import { readPolecats } from '../town/polecat-state.js';
import { RefineryState, RigConfig, WitnessState } from '../town/schemas/rig.js';
import { MayorState, RigsFile } from '../town/schemas/town.js';
import type { Town } from '../town/town.js';
import { TOWN_PREFIX } from '../town/town.js';
import { type DaemonSettings, loadDaemonSettings } from '../town/daemon-settings.js';
import {
  type DaemonRig,
  type DaemonSnapshot,
  type SessionFact,
  emptyMayor,
  emptyWitness,
} from './snapshot.js';

/**
 * Builds the tick's snapshot. Beads logs and attempt files are kept open
 * across ticks and read incrementally, so an idle tick costs a few stats and
 * small JSON reads, not a re-parse of a 20,000-issue log. Config files are
 * re-read only when they change (by mtime).
 */
export class SnapshotGatherer {
  private beads = new Map<string, BeadsLog>();
  private attempts = new Map<string, AttemptsCache>();
  private townLog: BeadsLog;
  problems: string[] = [];

  constructor(readonly town: Town) {
    this.townLog = new BeadsLog(town.paths.townBeads, TOWN_PREFIX);
  }

  settings(): DaemonSettings {
    return loadDaemonSettings(this.town.paths);
  }

  chains(): ChainsConfig {
    return loadChains(this.town.paths);
  }

  gather(
    sessions: SessionFact[],
    now: number,
    extra: { lastGcAt?: number; settings: DaemonSettings; chains: ChainsConfig },
  ): DaemonSnapshot {
    const paths = this.town.paths;
    const problems: string[] = [];
    const rigsFile = tryReadJson(paths.rigsFile, RigsFile);
    const names = rigsFile.ok ? Object.keys(rigsFile.value.rigs).sort() : [];
    if (!rigsFile.ok) problems.push(rigsFile.problem.message);
    const rigs: DaemonRig[] = [];
    for (const name of names) {
      const rp = paths.rig(name);
      const cfg = tryReadJson(rp.config, RigConfig);
      if (!cfg.ok) {
        problems.push(cfg.problem.message);
        continue;
      }
      let log = this.beads.get(name);
      if (!log || log.prefix !== cfg.value.beads.prefix) {
        log = new BeadsLog(rp.beads, cfg.value.beads.prefix);
        this.beads.set(name, log);
      }
      let att = this.attempts.get(name);
      if (!att) {
        att = new AttemptsCache(rp);
        this.attempts.set(name, att);
      }
      const pc = readPolecats(rp);
      for (const p of pc.problems) problems.push(p.message);
      const w = tryReadJson(rp.witnessState, WitnessState);
      const r = tryReadJson(rp.refineryState, RefineryState);
      rigs.push({
        name,
        config: cfg.value,
        issues: log.all(),
        polecats: pc.polecats,
        witness: w.ok ? w.value : emptyWitness(name, now),
        ...(r.ok ? { refinery: r.value } : {}),
        attempts: att.read(),
        worktrees: listDirs(rp.polecatsDir),
        pool: poolEntries(rp).length,
      });
    }
    const mayor = tryReadJson(paths.mayorState, MayorState);
    this.problems = problems;
    return {
      root: this.town.root,
      rigs,
      townBeads: this.townLog.all(),
      mayor: mayor.ok ? mayor.value : emptyMayor(now),
      sessions: new Map(sessions.map((s) => [s.name, s])),
      settings: extra.settings,
      chains: extra.chains,
      ...(extra.lastGcAt !== undefined ? { lastGcAt: extra.lastGcAt } : {}),
    };
  }
}

function listDirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}
