import { readdirSync } from 'node:fs';
import { fileStamp } from '../core/file-memo.js';
import { type FileProblem, tryReadJson } from '../core/json-file.js';
import { EMPTY_CURSOR, JsonlLog, type LineProblem, type LogCursor } from '../core/jsonl-log.js';
import { BeadsLog } from './beads-log.js';
import type { IssueMap } from './issue-map.js';
import { accepts, nameOf, type RigEntry, type TownEntry } from './files.js';
import { TownPaths } from './paths.js';

/** A state file that could not be read or validated (its last good value is kept). */
export type FileError = { file: string; message: string };

type Entry = TownEntry | RigEntry;
type Incremental = { log: JsonlLog<never>; cursor: LogCursor; records: unknown[] };

/**
 * The one reader of the town's files (the table in files.ts): JSON state
 * files keep their last good value while they are bad, beads logs and JSONL
 * logs are read incrementally from their last offset, and every file that
 * fails has one problem naming it. The cockpit's store keeps one across
 * watcher events, the daemon across ticks; `readTownSnapshot` uses a fresh
 * one for a one-shot read.
 */
export class TownFiles {
  readonly paths: TownPaths;
  private readonly values = new Map<string, unknown>();
  /** The stamp (inode, size, times) of each JSON file as last read good: unchanged, it is not read again. */
  private readonly stamps = new Map<string, string>();
  private readonly problems = new Map<string, string>();
  private readonly beadsLogs = new Map<string, { log: BeadsLog; map?: IssueMap; gen?: number }>();
  private readonly logs = new Map<string, Incremental>();
  /** Changes whenever a problem appears, changes or goes. */
  problemsSeq = 0;

  constructor(root: string) {
    this.paths = new TownPaths(root);
  }

  /**
   * A JSON state file: its value (the same object while its content is the
   * same), or the last good one while it is bad. A missing file is a problem
   * only for entries that must exist; others read as undefined.
   */
  json<T>(entry: Entry, file: string): T | undefined {
    const current = this.values.get(file) as T | undefined;
    // Files are replaced whole (a new inode), so a file whose stamp is the one read good last time
    // holds the same content: a daemon tick over an idle town stats its state files, it does not parse them.
    const stamp = fileStamp(file);
    if (current !== undefined && this.stamps.get(file) === stamp) return current;
    this.stamps.delete(file);
    const r = tryReadJson(file, entry.schema);
    if (r.ok) {
      this.setProblem(file, undefined);
      this.stamps.set(file, stamp);
      // A second watcher event for one write reads the same content: keep its identity.
      if (current !== undefined && JSON.stringify(r.value) === JSON.stringify(current)) return current;
      this.values.set(file, r.value);
      return r.value as T;
    }
    if (r.problem.kind === 'missing' && entry.missing === 'empty') {
      this.setProblem(file, undefined);
      this.values.delete(file);
      return undefined;
    }
    this.setProblem(file, r.problem);
    return current;
  }

  /**
   * A beads log: the last record per id (with what the log lacks: deleted and
   * unreadable ids), and whether anything changed since the last call — an
   * unreadable line added is a change too.
   */
  beads(file: string, prefix: string): { map: IssueMap; changed: boolean } {
    let b = this.beadsLogs.get(file);
    if (!b || b.log.prefix !== prefix) {
      b = { log: new BeadsLog(file, prefix) };
      this.beadsLogs.set(file, b);
    }
    const map = b.log.all();
    this.setProblem(file, b.log.problems());
    const changed = b.log.generation !== b.gen || map !== b.map;
    b.map = map;
    b.gen = b.log.generation;
    return { map, changed };
  }

  /** An append-only JSONL log, read from where the last call stopped (`keep`: most records held). */
  log<T>(entry: Entry, file: string, keep = Infinity): { records: readonly T[]; changed: boolean } {
    let inc = this.logs.get(file);
    if (!inc) {
      inc = { log: new JsonlLog(file, entry.schema) as JsonlLog<never>, cursor: EMPTY_CURSOR, records: [] };
      this.logs.set(file, inc);
    }
    const chunk = inc.log.readFrom(inc.cursor);
    inc.cursor = chunk.cursor;
    let changed = false;
    if (chunk.reset) {
      inc.records = [];
      changed = true;
    }
    if (chunk.records.length > 0) {
      for (const r of chunk.records) inc.records.push(r);
      if (inc.records.length > keep * 2) inc.records = inc.records.slice(-keep);
      changed = true;
    }
    // A torn last line is a write in progress, not a problem yet.
    this.setProblem(
      file,
      chunk.problems.filter((p) => p.kind !== 'torn-tail'),
    );
    return { records: inc.records as T[], changed };
  }

  /** The names a *-each entry's directory holds now (polecats, issues with attempts), sorted. */
  names(entry: Entry, dir: string): string[] {
    try {
      return readdirSync(dir)
        .filter((n) => accepts(entry, n))
        .map((n) => nameOf(entry, n))
        .sort();
    } catch {
      return [];
    }
  }

  /** Drop everything known about the files under `dir` (a rig that left rigs.json). */
  forgetUnder(dir: string): void {
    for (const m of [this.values, this.stamps, this.problems, this.beadsLogs, this.logs])
      for (const f of [...m.keys()]) if (f.startsWith(dir + '/')) m.delete(f);
    this.problemsSeq++;
  }

  /** Drop one file (a *-each file that is gone). */
  forget(file: string): void {
    this.values.delete(file);
    this.stamps.delete(file);
    this.logs.delete(file);
    this.setProblem(file, undefined);
  }

  problem(file: string): string | undefined {
    return this.problems.get(file);
  }

  /** One entry per file that currently fails, sorted by file. */
  errors(): FileError[] {
    return [...this.problems.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([file, message]) => ({ file, message }));
  }

  private setProblem(file: string, problem: FileProblem | LineProblem[] | undefined): void {
    let message: string | undefined;
    if (Array.isArray(problem)) {
      if (problem.length > 0)
        message = problem[0]!.message + (problem.length > 1 ? ` (+${problem.length - 1} more)` : '');
    } else message = problem?.message;
    if (message === this.problems.get(file)) return;
    if (message === undefined) this.problems.delete(file);
    else this.problems.set(file, message);
    this.problemsSeq++;
  }
}
