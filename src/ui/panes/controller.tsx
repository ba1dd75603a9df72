import type { StoreSnapshot } from '../../store/types.js';
import type { CockpitActions, PlanView } from '../app/actions.js';
import type { ReactElement } from 'react';
import { type Column, Table } from '../components/Table.js';
import type { CommandId, KeyContext } from '../keys/index.js';
import type { ListPaneId } from '../pane-ids.js';
import type { InputField } from './InputDialog.js';

/**
 * A pane controller (k9s / lazygit style): everything one pane is, in one
 * file — its rows, columns, filter text and detail, how it finds the polecat
 * a row is about, and its actions as data. The generic ListPane draws any of
 * them; the App routes keys to the focused pane's actions.
 */

/** The polecat an action works on. */
export type Target = { rig: string; name: string };

/** The first key bound to a command, as the operator sees it ("s", "Enter"): hints in text use it. */
export type KeyLabel = (id: CommandId) => string;

export type Modal =
  | { kind: 'help' }
  | { kind: 'palette' }
  /** `actions`: the keys of the item it shows (an attention item's triage), live while it is open. */
  | { kind: 'detail'; title: string; lines: string[]; actions?: readonly BoundAction[] }
  | { kind: 'confirm'; plan: PlanView; run: () => Promise<string>; destructive: boolean; verb: string }
  | {
      kind: 'input';
      title: string;
      fields: InputField[];
      submit: (v: Record<string, string>) => Promise<string> | void;
    }
  | { kind: 'pickIssue' }
  | { kind: 'pickPreset'; issue: string; rig: string }
  | { kind: 'pickAssignee'; mail: string; issue: string };

/** What an action may do to the cockpit. */
export interface CockpitUi {
  readonly actions: CockpitActions;
  readonly snap: StoreSnapshot;
  readonly now: number;
  readonly key: KeyLabel;
  open(modal: Modal): void;
  /** Run an operation, showing "label…" and then its outcome in the status line. */
  run(label: string, op: () => Promise<string | void>): void;
  say(message: string): void;
}

/** An action on the selected row: bound to a keymap command (its keys and description come from there). */
export type PaneAction<T> = {
  command: CommandId;
  /** Why it cannot run on this row now; undefined when it can. */
  disabled?: (row: T | undefined, target: Target | undefined) => string | undefined;
  run: (ui: CockpitUi, row: T | undefined, target: Target | undefined) => void;
};

export type PaneController<T> = {
  id: ListPaneId;
  title: string;
  /** Key context for help and footer. */
  context: KeyContext;
  rows: (snap: StoreSnapshot) => readonly T[];
  key: (row: T) => string;
  columns: (now: number) => readonly Column<T>[];
  filterText: (row: T) => string;
  detail: (row: T, snap: StoreSnapshot, now: number, key: KeyLabel) => { title: string; lines: string[] };
  empty: (key: KeyLabel) => string;
  /** The polecat a row is about (nudge, attach, stop, land, the preview). */
  target?: (row: T) => Target | undefined;
  actions: readonly PaneAction<T>[];
  /** State files whose errors this pane shows as a badge. */
  owns?: (file: string) => boolean;
};

/** An action bound to the selected row: run is undefined when disabled (the key then does nothing here). */
export type BoundAction = { command: CommandId; why?: string; run?: (ui: CockpitUi) => void };

/** The row under the cursor, with the pane's row type sealed inside. */
export type Selection = { key?: string; target?: Target; actions: readonly BoundAction[] };

export type TableView = {
  width: number;
  height: number;
  selectedIndex: number;
  focused: boolean;
  emptyText: string;
};

/** A pane's rows under its filter: enough to draw it and to act on a row, with no row type outside. */
export type Listing = {
  total: number;
  count: number;
  /** The rows as a table, drawn with the pane's own columns. */
  table: (view: TableView) => ReactElement;
  select: (index: number) => Selection;
};

export type Pane = {
  id: ListPaneId;
  title: string;
  context: KeyContext;
  empty: (key: KeyLabel) => string;
  owns?: (file: string) => boolean;
  list: (snap: StoreSnapshot, filter: string, now: number) => Listing;
};

export function bindActions<T>(
  actions: readonly PaneAction<T>[],
  row: T | undefined,
  target: Target | undefined,
): BoundAction[] {
  return actions.map((a) => {
    const why = a.disabled?.(row, target);
    return why !== undefined
      ? { command: a.command, why }
      : { command: a.command, run: (ui: CockpitUi) => a.run(ui, row, target) };
  });
}

/** A controller as a Pane: filtering (memoized on rows identity and filter) and selection, typed inside. */
export function definePane<T>(c: PaneController<T>): Pane & { controller: PaneController<T> } {
  let memo: { rows: readonly T[]; filter: string; out: readonly T[] } | undefined;
  const filtered = (snap: StoreSnapshot, filter: string) => {
    const rows = c.rows(snap);
    if (!memo || memo.rows !== rows || memo.filter !== filter) {
      const f = filter.toLowerCase();
      memo = { rows, filter, out: f ? rows.filter((r) => c.filterText(r).toLowerCase().includes(f)) : rows };
    }
    return { rows, out: memo.out };
  };
  return {
    controller: c,
    id: c.id,
    title: c.title,
    context: c.context,
    empty: c.empty,
    ...(c.owns ? { owns: c.owns } : {}),
    list(snap, filter, now) {
      const { rows, out } = filtered(snap, filter);
      return {
        total: rows.length,
        count: out.length,
        table: (v) => (
          <Table
            columns={c.columns(now)}
            rows={out}
            width={v.width}
            height={v.height}
            selectedIndex={v.selectedIndex}
            focused={v.focused}
            rowKey={(r) => c.key(r)}
            emptyText={v.emptyText}
          />
        ),
        select(index) {
          const row = out[index];
          const target = row === undefined ? undefined : c.target?.(row);
          return {
            ...(row === undefined ? {} : { key: c.key(row) }),
            target,
            actions: bindActions(c.actions, row, target),
          };
        },
      };
    },
  };
}
