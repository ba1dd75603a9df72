/**
 * A synthetic export in current bd's format (`bd export`): `_type` first,
 * counts last, bd's timestamps (local offsets, microseconds), two id
 * prefixes (one mixed case), `.N` children under epics, every status bd
 * writes (tombstones of older versions included), custom types, comments,
 * labels, metadata, and dependencies of the blocking and non-blocking kinds.
 */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const STATUSES = [
  'open',
  'open',
  'open',
  'open',
  'open',
  'in_progress',
  'closed',
  'closed',
  'closed',
  'hooked',
];
const TYPES = ['task', 'task', 'task', 'bug', 'feature', 'chore', 'decision', 'spike'];

export function bdExport(records: number, seed = 7): string {
  const rand = rng(seed);
  const t0 = Date.parse('2025-09-01T00:00:00Z');
  const stamp = (i: number) => {
    const d = new Date(t0 + i * 60_000 - 8 * 3_600_000).toISOString().slice(0, 19);
    return `${d}.${String(100_000 + (i % 900_000)).slice(1)}-08:00`;
  };
  const ids: string[] = [];
  const lines: string[] = [];
  let epic = '';
  let child = 0;
  for (let i = 0; i < records; i++) {
    const prefix = i % 10 === 3 ? 'FlatPilot' : 'bx';
    let id: string;
    let type = TYPES[Math.floor(rand() * TYPES.length)]!;
    const deps: Record<string, unknown>[] = [];
    if (i % 50 === 0) {
      id = `${prefix}-${i.toString(36)}`;
      type = 'epic';
      epic = id;
      child = 0;
    } else if (i % 50 < 6) {
      id = `${epic}.${++child}`;
      deps.push({ issue_id: id, depends_on_id: epic, type: 'parent-child', created_at: stamp(i) });
    } else id = `${prefix}-${i.toString(36)}`;
    const r = rand();
    let status = STATUSES[Math.floor(rand() * STATUSES.length)]!;
    if (r < 0.03) status = 'tombstone';
    else if (r < 0.05) status = 'deferred';
    else if (r < 0.07) status = 'review';
    if (ids.length > 0 && rand() < 0.5) {
      const on = ids[Math.floor(rand() * ids.length)]!;
      const k = rand();
      const dtype =
        k < 0.7
          ? 'blocks'
          : k < 0.8
            ? 'related'
            : k < 0.88
              ? 'discovered-from'
              : k < 0.94
                ? 'conditional-blocks'
                : k < 0.97
                  ? 'waits-for'
                  : 'tracks';
      deps.push({ issue_id: id, depends_on_id: on, type: dtype, created_at: stamp(i), created_by: 'bench' });
    }
    const rec: Record<string, unknown> = {
      _type: 'issue',
      id,
      title: `Synthetic bd issue ${i}`,
      description: 'Generated for the import benchmark.',
      status,
      priority: Math.floor(rand() * 5),
      issue_type: type,
      owner: 'bench@example.org',
      created_at: stamp(i),
      created_by: 'bench',
      updated_at: stamp(i + 1),
    };
    if (status === 'closed') {
      rec.closed_at = stamp(i + 1);
      rec.close_reason = 'Completed';
    }
    if (status === 'tombstone') rec.deleted_at = stamp(i + 1);
    if (rand() < 0.02) rec.defer_until = '2099-01-01T00:00:00Z';
    if (rand() < 0.2) rec.labels = ['bench', `area-${i % 7}`];
    if (deps.length > 0) rec.dependencies = deps;
    if (rand() < 0.1)
      rec.comments = [
        { id: `c-${i}`, issue_id: id, author: 'bench', text: 'A note.', created_at: stamp(i + 1) },
      ];
    if (rand() < 0.05) rec.metadata = { points: i % 8 };
    rec.dependency_count = deps.length;
    rec.dependent_count = 0;
    rec.comment_count = (rec.comments as unknown[] | undefined)?.length ?? 0;
    ids.push(id);
    lines.push(JSON.stringify(rec));
  }
  lines.push(JSON.stringify({ _type: 'memory', key: 'bench', value: 'remember the benchmark' }));
  return lines.join('\n') + '\n';
}
