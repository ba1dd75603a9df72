import { useRef } from 'react';
import type { StoreSnapshot } from '../../store/types.js';
import { specOf, type ListPaneId } from '../panes/specs.js';

/** Rows of a pane after its filter, cached on (rows identity, filter). */
export function useFiltered(snap: StoreSnapshot, filters: Record<string, string>) {
  const cache = useRef(
    new Map<string, { rows: readonly unknown[]; filter: string; out: readonly unknown[] }>(),
  );
  return (id: ListPaneId) => {
    const spec = specOf(id);
    const rows = spec.rows(snap);
    const filter = filters[id] ?? '';
    const hit = cache.current.get(id);
    if (hit && hit.rows === rows && hit.filter === filter) return { rows: hit.out, total: rows.length };
    const f = filter.toLowerCase();
    const out = f ? rows.filter((r) => spec.filterText(r).toLowerCase().includes(f)) : rows;
    cache.current.set(id, { rows, filter, out });
    return { rows: out, total: rows.length };
  };
}
