import { Box } from 'ink';
import type { StoreSnapshot } from '../../store/types.js';
import { clampIndex } from '../components/scroll.js';
import type { Layout } from '../layout.js';
import { ListPane } from '../panes/ListPane.js';
import { PANES, type KeyLabel, type ListPaneId, type PaneId, type Target } from '../panes/index.js';
import { PreviewPane } from '../panes/PreviewPane.js';
import type { PreviewState } from './useTown.js';

export type PaneGridProps = {
  layout: Layout;
  snap: StoreSnapshot;
  now: number;
  focused: PaneId;
  sel: Partial<Record<PaneId, number>>;
  filters: Partial<Record<ListPaneId, string>>;
  editingFilter: boolean;
  setFilter: (id: ListPaneId, v: string) => void;
  endFilter: () => void;
  preview: PreviewState & { of?: Target };
  keyLabel: KeyLabel;
};

/** The visible panes, column by column, as the layout places them. */
export function PaneGrid(p: PaneGridProps) {
  const xs = [...new Set(p.layout.panes.map((r) => r.x))];
  return (
    <>
      {xs.map((x) => (
        <Box key={x} flexDirection="column">
          {p.layout.panes
            .filter((r) => r.x === x)
            .map((r) => {
              if (r.id === 'preview')
                return (
                  <PreviewPane
                    key={r.id}
                    target={p.preview.of ? `${p.preview.of.rig}/${p.preview.of.name}` : undefined}
                    text={p.preview.text}
                    error={p.preview.error}
                    width={r.width}
                    height={r.height}
                    focused={p.focused === 'preview'}
                  />
                );
              const pane = PANES[r.id as ListPaneId];
              const filter = p.filters[pane.id] ?? '';
              const listing = pane.list(p.snap, filter, p.now);
              const bad = p.snap.errors.filter((e) => pane.owns?.(e.file)).length;
              return (
                <ListPane
                  key={pane.id}
                  title={pane.title}
                  listing={listing}
                  empty={pane.empty(p.keyLabel)}
                  selected={clampIndex(p.sel[pane.id] ?? 0, listing.count)}
                  width={r.width}
                  height={r.height}
                  focused={p.focused === pane.id}
                  filter={filter}
                  editingFilter={p.editingFilter && p.focused === pane.id}
                  onFilterChange={(v) => p.setFilter(pane.id, v)}
                  onFilterDone={p.endFilter}
                  onFilterCancel={() => {
                    p.setFilter(pane.id, '');
                    p.endFilter();
                  }}
                  error={bad ? `${bad} bad file${bad > 1 ? 's' : ''}` : undefined}
                  loading={p.snap.loading}
                />
              );
            })}
        </Box>
      ))}
    </>
  );
}
