import { closeSync, openSync, readSync } from 'node:fs';
import { z } from 'zod';
import { OverseerError } from '../core/errors.js';
import { JsonlLog, type LineProblem, type LogCursor, EMPTY_CURSOR } from '../core/jsonl-log.js';
import { describeZodError } from '../core/zod-errors.js';
import { classifyBeadLine, isOwnRecord, isTombstone, salvageId, toWire } from './beads-record.js';
import { IssueMap } from './issue-map.js';
import { Bead, OwnBead } from './schemas/bead.js';

/** Lines are classified here, not by the log: every JSON value comes through. */
const AnyJson = z.unknown();

/**
 * A beads log with an in-memory view (last record per id) kept current by
 * incremental reads. Writers go through `mutate`, which re-reads under the
 * append lock, so concurrent read-modify-write never loses an update.
 *
 * The view holds issues (tombstoned ones apart), the ids whose latest line
 * cannot be read, and records that are not issues (bd's memories), kept and
 * otherwise ignored.
 */
export class BeadsLog {
  readonly log: JsonlLog<typeof AnyJson>;
  private cursor: LogCursor = EMPTY_CURSOR;
  private byId = new IssueMap();
  private otherList: Record<string, unknown>[] = [];
  private problemList: LineProblem[] = [];
  private gen = 0;

  constructor(
    readonly path: string,
    readonly prefix: string,
  ) {
    this.log = new JsonlLog(path, AnyJson);
  }

  /** Bring the view up to date; returns the issue records that changed. */
  refresh(): Bead[] {
    const chunk = this.log.readFrom(this.cursor);
    if (chunk.reset) {
      this.byId = new IssueMap();
      this.otherList = [];
      this.problemList = [];
      this.gen++;
    }
    // Problems are recomputed for the tail only: earlier ones stay reported.
    const hadTorn = this.problemList.some((p) => p.kind === 'torn-tail');
    if (hadTorn) this.problemList = this.problemList.filter((p) => p.kind !== 'torn-tail');
    const changed: Bead[] = [];
    const probs = chunk.problems;
    let pi = 0;
    for (let i = 0; i < chunk.records.length; i++) {
      const line = chunk.lines[i]!;
      while (pi < probs.length && probs[pi]!.line < line) this.noteProblem(probs[pi++]!);
      const c = classifyBeadLine(chunk.records[i]);
      if (c.kind === 'issue') {
        this.put(c.bead);
        changed.push(c.bead);
      } else if (c.kind === 'other') this.otherList.push(c.record);
      else {
        const where = `${this.path}:${line}`;
        this.noteProblem(
          {
            file: this.path,
            line,
            offset: -1,
            kind: 'schema',
            message: `${where}: not a beads record: ${c.message}`,
          },
          c.id,
        );
      }
    }
    while (pi < probs.length) this.noteProblem(probs[pi++]!);
    if (chunk.records.length > 0 || probs.length > 0 || hadTorn) this.gen++;
    this.cursor = chunk.cursor;
    return changed;
  }

  private put(b: Bead): void {
    const m = this.byId;
    if (m.unreadable.size > 0) m.unreadable.delete(b.id);
    if (isTombstone(b)) {
      m.delete(b.id);
      m.deleted.set(b.id, b);
    } else {
      if (m.deleted.size > 0) m.deleted.delete(b.id);
      m.set(b.id, b);
    }
  }

  /** A line that could not be read: reported, and its issue (when its id shows) is unreadable. */
  private noteProblem(p: LineProblem, known?: string): void {
    const id = known ?? (p.offset >= 0 ? salvageId(readLineAt(this.path, p.offset)) : undefined);
    if (id === undefined) {
      this.problemList.push(p);
      return;
    }
    this.byId.unreadable.set(id, p.message);
    this.problemList.push({
      ...p,
      message: `${p.message} (issue ${id} cannot be read; what depends on it is not ready)`,
    });
  }

  /** Issues by id (tombstoned ones hidden), with what the log lacks. */
  all(): IssueMap {
    this.refresh();
    return this.byId;
  }

  get(id: string): Bead | undefined {
    this.refresh();
    return this.byId.get(id);
  }

  /** Records that are not issues (bd's memories, ...), in file order. */
  others(): readonly Record<string, unknown>[] {
    this.refresh();
    return this.otherList;
  }

  problems(): LineProblem[] {
    this.refresh();
    return this.problemList;
  }

  /** Increases whenever the view changes (issues, unreadable ids, other records). */
  get generation(): number {
    return this.gen;
  }

  /**
   * Read-modify-append under the lock. `fn` gets the current view and returns
   * the new full records to append plus a result. Records Overseer made
   * (with `version`) must pass its own schema; others must be beads records.
   */
  async mutate<R>(
    fn: (current: IssueMap) => {
      records: (Bead | Record<string, unknown>)[];
      result: R;
      /** Records just read by `classifyBeadLine` and not changed since: not validated twice. */
      validated?: ReadonlySet<object>;
    },
  ): Promise<R> {
    const out = await this.log.transact(() => {
      this.refresh();
      const r = fn(this.byId);
      return { records: r.records.map((rec) => checkedWire(rec, r.validated)), result: r.result };
    });
    this.refresh();
    return out as R;
  }
}

/** A record as it is written: checked, and without the defaults its source left out. */
function checkedWire(
  rec: Bead | Record<string, unknown>,
  validated?: ReadonlySet<object>,
): Record<string, unknown> {
  if (validated?.has(rec) && !isOwnRecord(rec as Bead)) return toWire(rec as Bead);
  const c = classifyBeadLine({ ...rec });
  if (c.kind === 'other') return rec as Record<string, unknown>;
  if (c.kind === 'invalid') throw refused(rec, c.message);
  const b = rec as Bead;
  if (isOwnRecord(b)) {
    const own = OwnBead.safeParse(b);
    if (!own.success) throw refused(rec, describeZodError(own.error));
  }
  return toWire(b);
}

function refused(rec: Record<string, unknown>, why: string): OverseerError {
  const id = typeof rec.id === 'string' ? rec.id : '(no id)';
  return new OverseerError('bad-record', `refusing to write issue ${JSON.stringify(id)}: ${why}`);
}

/** The text of the line starting at `offset` (at most 64 KiB), for salvaging an id. */
function readLineAt(path: string, offset: number): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return '';
  }
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buf, 0, buf.length, offset);
    const text = buf.subarray(0, n).toString('utf8');
    const nl = text.indexOf('\n');
    return nl >= 0 ? text.slice(0, nl) : text;
  } finally {
    closeSync(fd);
  }
}
