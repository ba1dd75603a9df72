/**
 * An independent, deliberately naive reading of docs/beads.md for tests:
 * how a beads log reads (last record per id, tombstones hidden, unreadable
 * lines) and which issues are ready (rules R1-R6). It shares no code with
 * src/town: a test compares the two.
 */

// Raw JSON records: the test reads fields the way the doc names them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Raw = Record<string, any>;

export type Corpus = {
  /** Visible issues, last record per id. */
  issues: Map<string, Raw>;
  /** Ids whose last record is a tombstone, with that record. */
  deleted: Map<string, Raw>;
  /** Ids whose last line could not be read. */
  unreadable: Set<string>;
  /** Non-issue records (`_type` other than issue), in order. */
  others: Raw[];
};

const isInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v);

export function readCorpus(text: string): Corpus {
  const c: Corpus = { issues: new Map(), deleted: new Map(), unreadable: new Set(), others: [] };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let rec: Raw;
    try {
      rec = JSON.parse(line) as Raw;
    } catch {
      const id = /"id"\s*:\s*"([^"]+)"/.exec(line)?.[1];
      if (id) c.unreadable.add(id);
      continue;
    }
    if ('_schema' in rec && rec.id === undefined) continue;
    if (rec._type !== undefined && rec._type !== 'issue') {
      c.others.push(rec);
      continue;
    }
    const bad =
      typeof rec.title !== 'string' ||
      (rec.priority !== undefined && !(isInt(rec.priority) && rec.priority >= 0 && rec.priority <= 4));
    if (bad) {
      if (typeof rec.id === 'string') c.unreadable.add(rec.id);
      continue;
    }
    c.unreadable.delete(rec.id);
    if (rec.status === 'tombstone') {
      c.issues.delete(rec.id);
      c.deleted.set(rec.id, rec);
    } else {
      c.deleted.delete(rec.id);
      c.issues.set(rec.id, rec);
    }
  }
  return c;
}

const statusOf = (x: Raw): string => x.status ?? 'open';
const typeOf = (x: Raw): string => x.issue_type ?? 'task';
const depsOf = (x: Raw): Raw[] => x.dependencies ?? [];
const active = (x: Raw) => statusOf(x) !== 'closed' && statusOf(x) !== 'pinned';
const NOT_WORK = ['merge-request', 'gate', 'molecule', 'message', 'agent', 'role', 'rig', 'epic'];

export function referenceReady(c: Corpus, now: number): string[] {
  const gone = (id: string) => c.unreadable.has(id) || (!c.issues.has(id) && !c.deleted.has(id));
  const holds = (id: string) =>
    c.unreadable.has(id) ? true : c.issues.has(id) ? active(c.issues.get(id)!) : gone(id);
  const childrenOf = (id: string) =>
    [...c.issues.values()].filter((x) =>
      depsOf(x).some((d) => d.type === 'parent-child' && d.depends_on_id === id),
    );
  const waitsBlocks = (d: Raw) => {
    if (gone(d.depends_on_id)) return true;
    let gate = 'all-children';
    try {
      gate = JSON.parse(d.metadata ?? '{}').gate ?? gate;
    } catch {
      /* all-children */
    }
    const kids = childrenOf(d.depends_on_id);
    if (gate === 'any-children' && kids.some((k) => statusOf(k) === 'closed')) return false;
    return kids.some((k) => active(k) || c.unreadable.has(k.id));
  };
  const direct = (x: Raw) =>
    active(x) &&
    depsOf(x).some(
      (d) =>
        ((d.type === 'blocks' || d.type === 'conditional-blocks') && holds(d.depends_on_id)) ||
        (d.type === 'parent-child' && gone(d.depends_on_id)) ||
        (d.type === 'waits-for' && waitsBlocks(d)),
    );
  const blocked = new Set([...c.issues.values()].filter(direct).map((x) => x.id as string));
  for (let changed = true; changed;) {
    changed = false;
    for (const x of c.issues.values()) {
      if (blocked.has(x.id) || !active(x)) continue;
      if (depsOf(x).some((d) => d.type === 'parent-child' && blocked.has(d.depends_on_id))) {
        blocked.add(x.id);
        changed = true;
      }
    }
  }
  const deferred = (x: Raw | undefined) => !!x?.defer_until && Date.parse(x.defer_until) > now;
  const ready = [...c.issues.values()].filter(
    (x) =>
      statusOf(x) === 'open' &&
      !NOT_WORK.includes(typeOf(x)) &&
      x.pinned !== true &&
      x.ephemeral !== true &&
      x.wisp !== true &&
      !blocked.has(x.id) &&
      !c.unreadable.has(x.id) &&
      !deferred(x) &&
      !depsOf(x).some((d) => d.type === 'parent-child' && deferred(c.issues.get(d.depends_on_id))),
  );
  const when = (x: Raw) => {
    const s: string = x.created_at ?? '1970-01-01T00:00:00Z';
    const finer = /\.\d{3}(\d+)/.exec(s)?.[1] ?? '';
    return BigInt(Date.parse(s)) * 1_000_000n + BigInt(finer.padEnd(6, '0').slice(0, 6));
  };
  ready.sort((a, b) => {
    const pa = a.priority ?? 0;
    const pb = b.priority ?? 0;
    if (pa !== pb) return pa - pb;
    const wa = when(a);
    const wb = when(b);
    if (wa !== wb) return wa < wb ? -1 : 1;
    return a.id < b.id ? -1 : 1;
  });
  return ready.map((x) => x.id as string);
}

/** Export envelope fields: written afresh by every export. */
export const ENVELOPE = ['_type', 'dependency_count', 'dependent_count', 'comment_count'];

/** What bd's importer needs of each line (its Go types and its import validation). */
export function bdImportProblems(line: string): string[] {
  const rfc3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
  const r = JSON.parse(line) as Record<string, unknown>;
  if (r._type === 'memory') return typeof r.key === 'string' && typeof r.value === 'string' ? [] : ['memory'];
  const out: string[] = [];
  if (r._type !== 'issue') out.push('_type');
  if (typeof r.title !== 'string' || r.title.length === 0 || r.title.length > 500) out.push('title');
  // An absent priority is Go's zero value (P0) to bd; a present one must be 0-4.
  const p = r.priority;
  if (p !== undefined && !(Number.isInteger(p) && (p as number) >= 0 && (p as number) <= 4))
    out.push('priority');
  for (const k of ['created_at', 'updated_at', 'closed_at', 'defer_until', 'due_at'])
    if (r[k] !== undefined && !rfc3339.test(String(r[k]))) out.push(k);
  if ((r.status === 'closed') !== (r.closed_at !== undefined)) out.push('closed_at');
  for (const d of (r.dependencies ?? []) as Record<string, unknown>[]) {
    if (typeof d.issue_id !== 'string' || typeof d.depends_on_id !== 'string' || typeof d.type !== 'string')
      out.push('dep');
    if (d.metadata !== undefined && typeof d.metadata !== 'string') out.push('dep.metadata');
    if (d.created_at !== undefined && !rfc3339.test(String(d.created_at))) out.push('dep.created_at');
  }
  for (const c of (r.comments ?? []) as Record<string, unknown>[]) {
    if (typeof c.text !== 'string' || !rfc3339.test(String(c.created_at))) out.push('comment');
    if (typeof c.id !== 'string' && typeof c.id !== 'number') out.push('comment.id');
  }
  for (const k of ['labels', 'dependencies', 'comments'])
    if (r[k] !== undefined && !Array.isArray(r[k])) out.push(k);
  return out;
}
