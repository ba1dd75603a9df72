import { Box, Text } from 'ink';
import { useState } from 'react';
import type { PaletteCommand } from '../components/CommandPalette.js';
import { Footer } from '../components/Footer.js';
import { clampIndex } from '../components/scroll.js';
import { useKeymap } from '../keys/index.js';
import { computeLayout } from '../layout.js';
import { Header } from '../panes/Header.js';
import { bindActions, PANE_ORDER, PANES, PREVIEW_ACTIONS, type ListPaneId } from '../panes/index.js';
import type { Modal, PaneId } from '../panes/index.js';
import type { CockpitActions } from './actions.js';
import { cockpitUi, useLastTarget } from './cockpit-ui.js';
import { footerOf } from './footer.js';
import { renderModal } from './modals.js';
import { paletteCommands, runPaletteEntry } from './palette.js';
import { PaneGrid } from './PaneGrid.js';
import { useCockpitKeys } from './use-cockpit-keys.js';
import { useTerminalSize } from './use-terminal-size.js';
import { useActivityKey, useClock, usePreview, useSnapshot, type SnapshotSource } from './useTown.js';
import { acknowledging, selectedItemHelp, useAttentionBell } from './use-attention-bell.js';

export { splitArgs } from './split-args.js';

export interface AppProps {
  readonly store: SnapshotSource;
  readonly actions: CockpitActions;
  /** Fixed size (tests); default: the terminal's, following resizes. */
  readonly cols?: number;
  readonly rows?: number;
  /** CLI operations offered by the command palette (`:`). */
  readonly cliCommands?: readonly PaletteCommand[];
  readonly onQuit: () => void;
  readonly previewMs?: number;
  readonly clockMs?: number;
}

/** The cockpit: header, panes laid out for the terminal, a modal when one is open, footer. */
export function App({ store, actions, cliCommands = [], onQuit, ...o }: AppProps) {
  const snap = useSnapshot(store);
  useClock(o.clockMs ?? 10_000, useActivityKey(snap)); // re-render for ages; computed from this render's time
  const now = Date.now();
  const keymap = useKeymap();
  const { cols, rows } = useTerminalSize({ cols: o.cols, rows: o.rows });
  const [focused, setFocused] = useState<PaneId>('attention');
  const [sel, setSel] = useState<Partial<Record<PaneId, number>>>({});
  const [filters, setFilters] = useState<Partial<Record<ListPaneId, string>>>({});
  const [editingFilter, setEditingFilter] = useState(false);
  const [modal, setModal] = useState<Modal>();
  const [message, setMessage] = useState('');

  const layout = computeLayout(cols, rows, PANE_ORDER, focused);
  const pane = focused === 'preview' ? undefined : PANES[focused];
  const listing = pane?.list(snap, filters[pane.id] ?? '', now);
  const count = listing?.count ?? 0;
  const selection = listing?.select(clampIndex(sel[focused] ?? 0, count));
  const target = selection?.target;
  const previewOf = useLastTarget(target, snap);
  const previewShown = layout.panes.some((p) => p.id === 'preview') && modal === undefined;
  const preview = usePreview(actions, previewOf, previewShown, o.previewMs ?? 2000);

  const ui = cockpitUi(actions, snap, now, keymap, setModal, setMessage);
  const close = () => setModal(undefined);

  const attention = focused === 'attention';
  const ack = useAttentionBell(actions, snap, now, attention, selection?.key);
  const shown = selection?.actions ?? bindActions(PREVIEW_ACTIONS, undefined, previewOf);
  const bound = attention ? acknowledging(shown, ack) : shown;
  const filter = filters[pane?.id ?? 'attention'];
  const handlers = useCockpitKeys({
    active: modal === undefined && !editingFilter,
    ui,
    count,
    move: (f) => {
      setSel((s) => ({ ...s, [focused]: clampIndex(f(clampIndex(s[focused] ?? 0, count)), count) }));
      ack();
    },
    actions: bound,
    filter: pane && {
      start: () => setEditingFilter(true),
      clear: filter ? () => setFilters((f) => ({ ...f, [pane.id]: '' })) : undefined,
    },
    focus: setFocused,
    onQuit,
  });

  if (layout.tooSmall)
    return (
      <Box width={cols} height={rows}>
        <Text>
          Terminal too small ({cols}x{rows}); the cockpit needs at least 40x10.
        </Text>
      </Box>
    );

  const context = pane?.context ?? 'preview';
  const body = layout.body;
  const footer = footerOf(modal, editingFilter, context, bound, pane !== undefined);
  const overlay =
    modal &&
    renderModal(modal, {
      ui,
      close,
      width: body.width,
      height: body.height,
      dialogW: Math.min(body.width, Math.max(40, Math.min(90, body.width - 4))),
      context,
      palette: {
        commands: paletteCommands(keymap, context, cliCommands),
        onRun: (id) => {
          close();
          runPaletteEntry(id, ui, handlers);
        },
      },
      readyFilter: filters.ready ?? '',
      ...(attention && selection?.key ? selectedItemHelp(bound) : {}),
    });
  const title = pane?.title ?? 'Preview';
  return (
    <Box flexDirection="column" width={cols} height={rows}>
      <Header
        snap={snap}
        now={now}
        width={cols}
        focusedTitle={`${PANE_ORDER.indexOf(focused) + 1}:${title}`}
      />
      <Box width={body.width} height={body.height}>
        {overlay ?? (
          <PaneGrid
            {...{ layout, snap, now, focused, sel, filters, editingFilter }}
            setFilter={(id, v) => setFilters((f) => ({ ...f, [id]: v }))}
            endFilter={() => setEditingFilter(false)}
            preview={{ ...preview, of: previewOf }}
            keyLabel={ui.key}
          />
        )}
      </Box>
      <Footer width={cols} context={footer.context} message={message} commands={footer.commands} />
    </Box>
  );
}
