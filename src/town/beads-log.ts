import { JsonlLog, type LineProblem, type LogCursor, EMPTY_CURSOR } from '../core/jsonl-log.js';
import { Bead } from './schemas/bead.js';

/**
 * A beads log with an in-memory view (last record per id) kept current by
 * incremental reads. Writers go through `mutate`, which re-reads under the
 * append lock, so concurrent read-modify-write never loses an update.
 */
export class BeadsLog {
  readonly log: JsonlLog<typeof Bead>;
  private cursor: LogCursor = EMPTY_CURSOR;
  private byId = new Map<string, Bead>();
  private problemList: LineProblem[] = [];

  constructor(
    readonly path: string,
    readonly prefix: string,
  ) {
    this.log = new JsonlLog(path, Bead);
  }

  /** Bring the view up to date; returns the records that changed. */
  refresh(): Bead[] {
    const chunk = this.log.readFrom(this.cursor);
    if (chunk.reset) {
      this.byId = new Map();
      this.problemList = [];
    }
    // Problems are recomputed for the tail only: earlier ones stay reported.
    this.problemList = this.problemList.filter((p) => p.kind !== 'torn-tail').concat(chunk.problems);
    for (const r of chunk.records) this.byId.set(r.id, r);
    this.cursor = chunk.cursor;
    return chunk.records;
  }

  all(): Map<string, Bead> {
    this.refresh();
    return this.byId;
  }

  get(id: string): Bead | undefined {
    this.refresh();
    return this.byId.get(id);
  }

  problems(): LineProblem[] {
    this.refresh();
    return this.problemList;
  }

  /**
   * Read-modify-append under the lock. `fn` gets the current records and
   * returns the new full records to append plus a result.
   */
  async mutate<R>(fn: (current: Map<string, Bead>) => { records: Bead[]; result: R }): Promise<R> {
    const out = await this.log.transact(() => {
      this.refresh();
      const r = fn(this.byId);
      return { records: r.records.map((b) => Bead.parse(b)), result: r.result };
    });
    this.refresh();
    return out as R;
  }
}
