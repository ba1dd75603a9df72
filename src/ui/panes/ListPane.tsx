import { FilterBar } from '../components/FilterBar.js';
import { Pane, paneInner } from '../components/Pane.js';
import type { Listing } from './controller.js';

export interface ListPaneProps {
  readonly title: string;
  readonly listing: Listing;
  /** What the pane says when it has no rows at all. */
  readonly empty: string;
  readonly selected: number;
  readonly width: number;
  readonly height: number;
  readonly focused: boolean;
  readonly filter: string;
  readonly editingFilter: boolean;
  readonly onFilterChange: (v: string) => void;
  readonly onFilterDone: () => void;
  readonly onFilterCancel: () => void;
  readonly error?: string;
  /** The store is still reading the large logs: say so instead of "nothing here". */
  readonly loading?: boolean;
}

/** One list pane: a bordered, virtualized table of a pane's rows with its `/` filter line. */
export function ListPane(p: ListPaneProps) {
  const inner = paneInner(p.width, p.height);
  const filterH = p.editingFilter || p.filter ? 1 : 0;
  const { count: shown, total } = p.listing;
  const count = shown === 0 ? (p.filter ? `0/${total}` : 0) : `${p.selected + 1}/${shown}`;
  return (
    <Pane
      title={p.title}
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
        matches={shown}
        total={total}
      />
      {p.listing.table({
        width: inner.width,
        height: Math.max(1, inner.height - filterH),
        selectedIndex: p.selected,
        focused: p.focused,
        emptyText: p.loading ? 'loading…' : p.filter ? 'no rows match the filter' : p.empty,
      })}
    </Pane>
  );
}
