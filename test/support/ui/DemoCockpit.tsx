/**
 * A demo of how the cockpit's pieces compose, with fake data: header tabs,
 * computeLayout, panes with tables, preview strip, footer hints, help,
 * palette, filter and a confirm dialog. Not production wiring: the real
 * cockpit reads the town snapshot store instead of `data`.
 */
import { Box, Text } from 'ink';
import { useMemo, useState } from 'react';
import {
  CommandPalette,
  computeLayout,
  ConfirmDialog,
  cyclePane,
  FilterBar,
  Footer,
  HelpOverlay,
  keymapPaletteCommands,
  Pane,
  paneInner,
  PRIORITY,
  statusToken,
  TabBar,
  Table,
  useCommands,
  useKeymap,
  useListNavigation,
  type Column,
  type CommandId,
  type PaneContext,
} from '../../../src/ui/index.js';

export interface DemoRow {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly detail: string;
}

export type DemoData = Readonly<Record<Exclude<PaneContext, 'preview'>, readonly DemoRow[]>> & {
  readonly preview: readonly string[];
};

const PANES: readonly PaneContext[] = [
  'polecats',
  'attention',
  'merge',
  'mail',
  'escalations',
  'ready',
  'preview',
];
const TITLES: Record<PaneContext, string> = {
  polecats: 'Polecats',
  attention: 'Attention',
  merge: 'Merge queue',
  mail: 'Mail',
  escalations: 'Escalations',
  ready: 'Ready',
  crew: 'Crew',
  preview: 'Preview',
  offload: 'Offload',
  outposts: 'Outposts',
};
const COLUMNS: readonly Column<DemoRow>[] = [
  { id: 'name', header: 'NAME', width: 14, value: (r) => r.name },
  { id: 'state', header: 'STATE', width: 9, value: (r) => r.state, token: (r) => statusToken(r.state) },
  { id: 'detail', header: 'DETAIL', flex: 1, value: (r) => r.detail },
];
const PANE_ACTIONS: Partial<Record<PaneContext, CommandId[]>> = {
  polecats: ['action.nudge', 'action.attach', 'action.stop', 'action.land', 'action.spawn'],
  attention: ['action.nudge', 'action.attach', 'action.stop'],
  merge: ['action.land'],
  mail: ['mail.reply'],
  ready: ['action.spawn'],
  preview: ['action.attach'],
};

type Modal = { kind: 'help' } | { kind: 'palette' } | { kind: 'confirm'; row: DemoRow } | undefined;

function ListPane(props: {
  id: Exclude<PaneContext, 'preview'>;
  rows: readonly DemoRow[];
  width: number;
  height: number;
  focused: boolean;
  active: boolean;
  onStop: (row: DemoRow) => void;
}) {
  const { id, rows: all, width, height, focused, active } = props;
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState(false);
  const rows = useMemo(() => (filter ? all.filter((r) => r.name.includes(filter)) : all), [all, filter]);
  const inner = paneInner(width, height);
  const filterH = editing || filter ? 1 : 0;
  const tableH = inner.height - filterH;
  const [sel] = useListNavigation(rows.length, { pageSize: tableH - 1, active: active && !editing });
  useCommands(
    {
      'filter.start': () => setEditing(true),
      'filter.clear': filter ? () => setFilter('') : undefined,
      'action.stop': id === 'polecats' && rows[sel] ? () => props.onStop(rows[sel]!) : undefined,
    },
    { priority: PRIORITY.pane, active: active && !editing },
  );
  return (
    <Pane
      title={TITLES[id]}
      width={width}
      height={height}
      focused={focused}
      count={rows.length ? `${sel + 1}/${rows.length}` : 0}
    >
      <FilterBar
        value={filter}
        onChange={setFilter}
        onSubmit={() => setEditing(false)}
        onCancel={() => (setFilter(''), setEditing(false))}
        editing={editing}
        width={inner.width}
        matches={rows.length}
        total={all.length}
      />
      <Table
        columns={COLUMNS}
        rows={rows}
        width={inner.width}
        height={tableH}
        selectedIndex={sel}
        focused={focused}
      />
    </Pane>
  );
}

export function DemoCockpit({
  data,
  cols,
  rows,
  onQuit,
}: {
  data: DemoData;
  cols: number;
  rows: number;
  onQuit?: () => void;
}) {
  const keymap = useKeymap();
  const [focused, setFocused] = useState<PaneContext>('polecats');
  const [modal, setModal] = useState<Modal>();
  const [message, setMessage] = useState('');
  const layout = computeLayout(cols, rows, PANES, focused);
  const jump = (n: number) => () => setFocused((f) => PANES[n - 1] ?? f);

  useCommands(
    {
      'pane.next': () => setFocused((f) => cyclePane(PANES, f, 1) as PaneContext),
      'pane.prev': () => setFocused((f) => cyclePane(PANES, f, -1) as PaneContext),
      'pane.jump.1': jump(1),
      'pane.jump.2': jump(2),
      'pane.jump.3': jump(3),
      'pane.jump.4': jump(4),
      'pane.jump.5': jump(5),
      'pane.jump.6': jump(6),
      'pane.jump.7': jump(7),
      'help.toggle': () => setModal({ kind: 'help' }),
      'palette.open': () => setModal({ kind: 'palette' }),
      'app.quit': () => onQuit?.(),
    },
    { priority: PRIORITY.global, active: modal === undefined },
  );

  const body = layout.body;
  const overlay =
    modal?.kind === 'help' ? (
      <HelpOverlay
        context={focused}
        width={body.width}
        height={body.height}
        onClose={() => setModal(undefined)}
      />
    ) : modal?.kind === 'palette' ? (
      <CommandPalette
        commands={keymapPaletteCommands(keymap, focused)}
        onRun={(id) => (setModal(undefined), setMessage(`ran ${id}`))}
        onClose={() => setModal(undefined)}
        width={body.width}
        height={body.height}
      />
    ) : modal?.kind === 'confirm' ? (
      <ConfirmDialog
        title={`Stop ${modal.row.name}?`}
        body={[`kill tmux session ov-${modal.row.name}`, 'keep its worktree and branch']}
        width={Math.min(60, body.width)}
        destructive
        onConfirm={() => (setModal(undefined), setMessage(`stopped ${modal.row.name}`))}
        onCancel={() => setModal(undefined)}
      />
    ) : null;

  const footerContext = modal?.kind === 'confirm' ? 'dialog' : modal?.kind === 'help' ? 'help' : focused;
  return (
    <Box flexDirection="column" width={cols} height={rows}>
      <TabBar
        title="demo-town"
        width={cols}
        focused={focused}
        tabs={PANES.map((id) => ({
          id,
          label: TITLES[id],
          count: id === 'preview' ? undefined : data[id].length,
        }))}
      />
      <Box width={body.width} height={body.height}>
        {overlay ?? (
          <>
            {/* Columns: group panes sharing an x into a vertical stack. */}
            {[...new Set(layout.panes.map((p) => p.x))].map((x) => (
              <Box key={x} flexDirection="column">
                {layout.panes
                  .filter((p) => p.x === x)
                  .map((p) =>
                    p.id === 'preview' ? (
                      <Pane
                        key={p.id}
                        title="Preview"
                        width={p.width}
                        height={p.height}
                        focused={focused === 'preview'}
                      >
                        {data.preview.slice(-paneInner(p.width, p.height).height).map((l, i) => (
                          <Text key={i} wrap="truncate-end">
                            {l}
                          </Text>
                        ))}
                      </Pane>
                    ) : (
                      <ListPane
                        key={p.id}
                        id={p.id as Exclude<PaneContext, 'preview'>}
                        rows={data[p.id as Exclude<PaneContext, 'preview'>]}
                        width={p.width}
                        height={p.height}
                        focused={focused === p.id}
                        active={focused === p.id && modal === undefined}
                        onStop={(row) => setModal({ kind: 'confirm', row })}
                      />
                    ),
                  )}
              </Box>
            ))}
          </>
        )}
      </Box>
      <Footer
        width={cols}
        context={footerContext}
        message={message}
        commands={
          modal?.kind === 'confirm'
            ? ['dialog.confirm', 'dialog.cancel']
            : modal?.kind === 'help'
              ? ['help.close']
              : [
                  ...(PANE_ACTIONS[focused] ?? []),
                  'filter.start',
                  'pane.next',
                  'palette.open',
                  'help.toggle',
                  'app.quit',
                ]
        }
      />
    </Box>
  );
}

/** Fake town data: `n` polecats, a few rows elsewhere. */
export function fakeData(n = 40): DemoData {
  const states = ['working', 'waiting', 'stuck', 'idle', 'done', 'spawning', 'dead'];
  const rows = (prefix: string, count: number, detail: (i: number) => string): DemoRow[] =>
    Array.from({ length: count }, (_, i) => ({
      id: `${prefix}-${i}`,
      name: `${prefix}-${i}`,
      state: states[i % states.length]!,
      detail: detail(i),
    }));
  return {
    polecats: rows('polecat', n, (i) => `gt-${100 + i} implement feature number ${i} with a long title`),
    attention: rows('polecat', 3, (i) => `waiting ${i + 1}m for permission`),
    merge: rows('mr', 4, (i) => `polecat/${i} → main`),
    mail: rows('mail', 5, (i) => `subject ${i}`),
    escalations: rows('esc', 2, (i) => `attempt ${i + 1} failed tests`),
    ready: rows('gt', 12, (i) => `ready issue ${i}`),
    outposts: rows('outpost', 2, (i) => `${i + 1}/4 slots`),
    crew: rows('crew', 1, () => 'web/crew/alice'),
    offload: rows('offload', 1, () => 'ready of main on gpu'),
    preview: Array.from({ length: 30 }, (_, i) => `agent output line ${i}`),
  };
}
