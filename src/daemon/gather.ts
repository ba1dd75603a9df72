import { readdirSync } from 'node:fs';
import { AttemptsCache } from '../escalation/attempts.js';
import { type ChainsConfig, loadChains } from '../escalation/chains.js';
import { poolEntries } from '../polecats/pool.js';
import { type DaemonSettings, loadDaemonSettings } from '../town/daemon-settings.js';
import { rigEntry, townEntry } from '../town/files.js';
import type { PolecatState } from '../town/schemas/polecat.js';
import { readPlugins } from '../town/plugins.js';
import type { RefineryState, RigConfig, WitnessState } from '../town/schemas/rig.js';
import type { MayorState, RigsFile } from '../town/schemas/town.js';
import { TownFiles } from '../town/town-files.js';
import type { Town } from '../town/town.js';
import { readBudgetState } from '../town/budgets.js';
import { loadPrices, type Prices } from '../town/prices.js';
import { rigAmounts, UsageBook, utcDay } from '../town/usage.js';
import { errorMessage } from '../core/errors.js';
import type { RigResources } from '../town/schemas/resources.js';
import { TOWN_PREFIX } from '../town/town.js';
import { readPause } from '../town/pause.js';
import {
  type DaemonRig,
  type DaemonSnapshot,
  type OutpostFact,
  type SessionFact,
  emptyMayor,
  emptyWitness,
} from './snapshot.js';

/**
 * Builds the tick's snapshot through TownFiles (the table of the town's
 * files). Beads logs are kept open across ticks and read incrementally, so
 * an idle tick costs a few stats and small JSON reads, not a re-parse of a
 * 20,000-issue log. A file that is bad now counts as bad (no last good value):
 * a rig whose config fails is skipped, a witness state that fails starts empty.
 */
export class SnapshotGatherer {
  private readonly files: TownFiles;
  private readonly attempts = new Map<string, AttemptsCache>();
  private readonly usage = new UsageBook();
  problems: string[] = [];

  constructor(readonly town: Town) {
    this.files = new TownFiles(town.root);
  }

  settings(): DaemonSettings {
    return loadDaemonSettings(this.town.paths);
  }

  chains(): ChainsConfig {
    return loadChains(this.town.paths);
  }

  /** A JSON file of the table as it is now: undefined when missing or bad (the problem is noted). */
  private now<T>(entry: ReturnType<typeof rigEntry | typeof townEntry>, file: string, out: string[]) {
    const value = this.files.json<T>(entry, file);
    const problem = this.files.problem(file);
    if (problem) out.push(problem);
    return problem ? undefined : value;
  }

  gather(
    sessions: SessionFact[],
    now: number,
    extra: { lastGcAt?: number; settings: DaemonSettings; chains: ChainsConfig; outposts?: OutpostFact[] },
  ): DaemonSnapshot {
    const paths = this.town.paths;
    const problems: string[] = [];
    const rigsFile = this.now<RigsFile>(townEntry('rigs'), paths.rigsFile, problems);
    const rigs: DaemonRig[] = [];
    const b = extra.settings.budgets;
    let prices: Prices | undefined;
    if (b.attempt || b.issue || b.rig_day) {
      try {
        prices = loadPrices(paths);
      } catch (e) {
        problems.push(`budgets not checked: ${errorMessage(e)}`);
      }
    }
    for (const name of Object.keys(rigsFile?.rigs ?? {}).sort()) {
      const rp = paths.rig(name);
      const config = this.now<RigConfig>(rigEntry('config'), rp.config, problems);
      if (!config) continue;
      let att = this.attempts.get(name);
      if (!att) {
        att = new AttemptsCache(rp);
        this.attempts.set(name, att);
      }
      const pcEntry = rigEntry('polecats');
      const polecats: PolecatState[] = [];
      for (const n of this.files.names(pcEntry, rp.polecatStateDir)) {
        const p = this.now<PolecatState>(pcEntry, rp.polecatState(n), problems);
        if (p) polecats.push(p);
      }
      const witness = this.now<WitnessState>(rigEntry('witness'), rp.witnessState, []);
      const refinery = this.now<RefineryState>(rigEntry('refinery'), rp.refineryState, []);
      // Unreadable figures are left out, as absent ones (the sampling pass reports its own trouble).
      const resources = this.now<RigResources>(rigEntry('resources'), rp.resources, []);
      rigs.push({
        name,
        config,
        issues: this.files.beads(rp.beads, config.beads.prefix).map,
        polecats,
        witness: witness ?? emptyWitness(name, now),
        ...(refinery ? { refinery } : {}),
        attempts: att.read(),
        worktrees: listDirs(rp.polecatsDir),
        pool: poolEntries(rp).length,
        ...(prices
          ? { budget: { ...rigAmounts(this.usage.rig(rp), prices, utcDay(now)), state: readBudgetState(rp) } }
          : {}),
        plugins: readPlugins(rp),
        ...(resources ? { resources } : {}),
      });
    }
    const mayor = this.now<MayorState>(townEntry('mayor'), paths.mayorState, []);
    const paused = readPause(paths);
    if (paused.problem) problems.push(`${paused.problem} (treated as paused)`);
    this.problems = problems;
    return {
      root: this.town.root,
      rigs,
      townBeads: this.files.beads(paths.townBeads, TOWN_PREFIX).map,
      mayor: mayor ?? emptyMayor(now),
      sessions: new Map(sessions.map((s) => [s.name, s])),
      settings: extra.settings,
      chains: extra.chains,
      paused: paused.pause,
      ...(extra.lastGcAt !== undefined ? { lastGcAt: extra.lastGcAt } : {}),
      ...(extra.outposts ? { outposts: extra.outposts } : {}),
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
