import { OverseerError } from '../core/errors.js';
import { readJson, tryReadJson } from '../core/json-file.js';
import { BeadsLog } from './beads-log.js';
import { EventLog } from './events.js';
import { locateTown } from './locate.js';
import { TownPaths, type RigPaths } from './paths.js';
import { RigConfig } from './schemas/rig.js';
import { RigsFile, TownFile } from './schemas/town.js';

export const TOWN_PREFIX = 'hq';

/**
 * An open town: its paths, validated top-level files and the beads logs of
 * its rigs. Operations take a Town; nothing else reads the layout directly.
 */
export class Town {
  readonly paths: TownPaths;
  readonly file: TownFile;
  readonly events: EventLog;
  private beadsCache = new Map<string, BeadsLog>();

  private constructor(root: string) {
    this.paths = new TownPaths(root);
    this.file = readJson(this.paths.townFile, TownFile);
    this.events = new EventLog(this.paths.events);
  }

  static open(root: string): Town {
    return new Town(root);
  }

  static locate(opts: { town?: string; env?: NodeJS.ProcessEnv; cwd?: string }): Town {
    return new Town(locateTown(opts));
  }

  get root(): string {
    return this.paths.root;
  }

  rigsFile(): RigsFile {
    const r = tryReadJson(this.paths.rigsFile, RigsFile);
    if (!r.ok) {
      if (r.problem.kind === 'missing') return { version: 1, rigs: {} };
      throw new OverseerError(`file-${r.problem.kind}`, r.problem.message);
    }
    return r.value;
  }

  rigNames(): string[] {
    return Object.keys(this.rigsFile().rigs).sort();
  }

  rigPaths(name: string): RigPaths {
    return this.paths.rig(name);
  }

  /** A rig's validated config; an unknown rig is an error that lists the known ones. */
  rig(name: string): RigConfig {
    const names = this.rigNames();
    if (!names.includes(name)) {
      throw new OverseerError(
        'unknown-rig',
        `unknown rig ${JSON.stringify(name)}; rigs in this town: ${names.join(', ') || '(none)'}`,
      );
    }
    return readJson(this.paths.rig(name).config, RigConfig);
  }

  rigBeads(name: string): BeadsLog {
    const config = this.rig(name);
    return this.beadsAt(this.paths.rig(name).beads, config.beads.prefix);
  }

  get townBeads(): BeadsLog {
    return this.beadsAt(this.paths.townBeads, TOWN_PREFIX);
  }

  private beadsAt(path: string, prefix: string): BeadsLog {
    let log = this.beadsCache.get(path);
    if (!log) {
      log = new BeadsLog(path, prefix);
      this.beadsCache.set(path, log);
    }
    return log;
  }

  /**
   * The rig whose beads prefixes start this id (`web-a1b2` → the rig with
   * prefix `web`; the longest matching prefix wins, learned ones included).
   * An id no prefix claims is looked for in every rig's log.
   */
  rigForBead(id: string): string {
    let best: { rig: string; len: number } | undefined;
    const names = this.rigNames();
    for (const name of names) {
      const r = tryReadJson(this.paths.rig(name).config, RigConfig);
      if (!r.ok) continue;
      for (const p of [r.value.beads.prefix, ...(r.value.beads.prefixes ?? [])]) {
        if (id.startsWith(`${p}-`) && (!best || p.length > best.len)) best = { rig: name, len: p.length };
      }
    }
    if (best) return best.rig;
    for (const name of names) {
      let issues;
      try {
        issues = this.rigBeads(name).all();
      } catch {
        continue;
      }
      if (issues.has(id) || issues.deleted.has(id) || issues.unreadable.has(id)) return name;
    }
    throw new OverseerError(
      'unknown-issue',
      `no rig holds issue ${JSON.stringify(id)} (no rig has its prefix, and no rig's log has it)`,
    );
  }

  /** The beads log holding an id: a rig's, or the town's for `hq-…`. */
  beadsFor(id: string): BeadsLog {
    if (id.startsWith(`${TOWN_PREFIX}-`)) return this.townBeads;
    return this.rigBeads(this.rigForBead(id));
  }
}
