import { FilterBar } from '../components/FilterBar.js';
import { Pane, paneInner } from '../components/Pane.js';
import { Table } from '../components/Table.js';
import type { PaneSpec } from './specs.js';

export interface ListPaneProps<T> {
  readonly spec: PaneSpec<T>;
  readonly rows: readonly T[];
  readonly total: number;
  readonly selected: number;
  readonly width: number;
  readonly height: number;
  readonly focused: boolean;
  readonly filter: string;
  readonly editingFilter: boolean;
  readonly onFilterChange: (v: string) => void;
  readonly onFilterDone: () => void;
  readonly onFilterCancel: () => void;
  readonly now: number;
  readonly error?: string;
  /** The store is still reading the large logs: say so instead of "nothing here". */
  readonly loading?: boolean;
}

/** One list pane: a bordered, virtualized table of the spec's rows with its `/` filter line. */
export function ListPane<T>(p: ListPaneProps<T>) {
  const inner = paneInner(p.width, p.height);
  const filterH = p.editingFilter || p.filter ? 1 : 0;
  const count = p.rows.length === 0 ? (p.filter ? `0/${p.total}` : 0) : `${p.selected + 1}/${p.rows.length}`;
  return (
    <Pane
      title={p.spec.title}
      width={p.width}
      height={p.height}
      focused={p.focused}
      count={count}
      error={p.error}
      clipX={false}
    >
      <FilterBar
        value={p.filter}
        onChange={p.onFilterChange}
        onSubmit={p.onFilterDone}
        onCancel={p.onFilterCancel}
        editing={p.editingFilter}
        width={inner.width}
        matches={p.rows.length}
        total={p.total}
      />
      <Table
        columns={p.spec.columns(p.now)}
        rows={p.rows}
        width={inner.width}
        height={Math.max(1, inner.height - filterH)}
        selectedIndex={p.selected}
        focused={p.focused}
        rowKey={(r) => p.spec.key(r)}
        emptyText={p.loading ? 'loading…' : p.filter ? 'no rows match the filter' : p.spec.empty}
      />
    </Pane>
  );
}
