import { OverseerError } from '../core/errors.js';
import type { Bead } from './schemas/bead.js';

/**
 * The issues of one beads log — the last record per id, deleted ones hidden —
 * together with what the log knows it lacks: issues deleted by a tombstone,
 * and ids whose latest line cannot be read. Ready work needs both: a deleted
 * blocker is gone, an unreadable or missing one still blocks.
 */
export class IssueMap extends Map<string, Bead> {
  /** Tombstoned issues by id (hidden from the map itself). */
  readonly deleted: Map<string, Bead>;
  /** Ids whose latest line could not be read, with the reason. */
  readonly unreadable: Map<string, string>;

  constructor(
    entries?: Iterable<readonly [string, Bead]>,
    deleted?: Iterable<readonly [string, Bead]>,
    unreadable?: Iterable<readonly [string, string]>,
  ) {
    super(entries);
    this.deleted = new Map(deleted);
    this.unreadable = new Map(unreadable);
  }

  /** An independent copy (snapshots must not change under their readers). */
  copy(): IssueMap {
    return new IssueMap(this, this.deleted, this.unreadable);
  }
}

export type IssueGaps = {
  readonly deleted: ReadonlyMap<string, Bead>;
  readonly unreadable: ReadonlyMap<string, string>;
};

const NO_GAPS: IssueGaps = { deleted: new Map(), unreadable: new Map() };

/** What a map of issues knows it lacks (nothing, for a plain map). */
export function gapsOf(issues: ReadonlyMap<string, Bead>): IssueGaps {
  return issues instanceof IssueMap ? issues : NO_GAPS;
}

/**
 * The issue a change starts from. Refused when it is missing, deleted, or when
 * its latest line cannot be read: writing over that line would silently replace
 * what bd last wrote with an older record.
 */
export function issueToChange(issues: ReadonlyMap<string, Bead>, id: string): Bead {
  const gaps = gapsOf(issues);
  const why = gaps.unreadable.get(id);
  if (why !== undefined)
    throw new OverseerError(
      'unreadable-issue',
      `issue ${JSON.stringify(id)} cannot be changed: its latest line cannot be read (${why}); repair that line first`,
    );
  const b = issues.get(id);
  if (b) return b;
  if (gaps.deleted.has(id))
    throw new OverseerError('unknown-issue', `issue ${JSON.stringify(id)} was deleted`);
  throw new OverseerError('unknown-issue', `no issue ${JSON.stringify(id)}`);
}
