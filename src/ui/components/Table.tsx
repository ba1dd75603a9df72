import { Box, Text } from 'ink';
import { memo, useMemo, useState } from 'react';
import { styleProps, textStyle, useTheme, type ThemeToken, type TokenStyle } from '../theme/index.js';
import { computeColumnWidths, type ColumnSizing } from './columns.js';
import { scrollOffset } from './scroll.js';
import { fit, type Align } from './textFit.js';

export interface Column<T> extends ColumnSizing {
  readonly id: string;
  readonly header: string;
  readonly align?: Align;
  /** The cell text (already sanitized by the data layer). Called only for visible rows. */
  readonly value: (row: T, index: number) => string;
  /** Optional style token for the cell, e.g. the row's status. */
  readonly token?: (row: T, index: number) => ThemeToken | undefined;
}

export interface TableProps<T> {
  readonly columns: readonly Column<T>[];
  readonly rows: readonly T[];
  /** Total width in terminal columns; every drawn line is exactly this wide. */
  readonly width: number;
  /** Total height in lines, header included. */
  readonly height: number;
  /** Index into rows; -1 or undefined for no selection. */
  readonly selectedIndex?: number;
  /** Whether the table's pane has focus (selection drawn with `selection` vs `selection.unfocused`). */
  readonly focused?: boolean;
  readonly rowKey?: (row: T, index: number) => string;
  readonly showHeader?: boolean;
  readonly emptyText?: string;
  /** Blank columns between cells. */
  readonly gap?: number;
}

/** A run of a row's text in one style; `token` undefined = the terminal's default text. */
type Segment = { token: ThemeToken | undefined; text: string };

const sameSegments = (a: readonly Segment[], b: readonly Segment[]) =>
  a.length === b.length && a.every((s, i) => s.token === b[i]!.token && s.text === b[i]!.text);

/** One unselected row; re-rendered only when its text or styles change. */
const TableLine = memo(
  function TableLine({ segments }: { segments: readonly Segment[] }) {
    const theme = useTheme();
    return (
      <Text wrap="truncate-end">
        {segments.map((s, k) =>
          s.token === undefined ? (
            s.text
          ) : (
            <Text key={k} {...styleProps(theme.tokens[s.token])}>
              {s.text}
            </Text>
          ),
        )}
      </Text>
    );
  },
  (a, b) => sameSegments(a.segments, b.segments),
);

/** A token that draws as the terminal's default text: no <Text> of its own needed. */
function isPlain(style: Readonly<TokenStyle>): boolean {
  return Object.keys(styleProps(style)).length === 0;
}

/**
 * A fixed-size table that draws only the visible window of rows: the cost
 * of a render is O(visible rows × columns), whatever rows.length is. The
 * window follows the selection with the least movement.
 */
export function Table<T>({
  columns,
  rows,
  width,
  height,
  selectedIndex = -1,
  focused = false,
  rowKey,
  showHeader = true,
  emptyText = 'nothing here',
  gap = 1,
}: TableProps<T>) {
  const theme = useTheme();
  const widths = useMemo(() => computeColumnWidths(columns, width, gap), [columns, width, gap]);
  const bodyHeight = Math.max(0, height - (showHeader ? 1 : 0));
  const [offset, setOffset] = useState(0);
  const nextOffset = scrollOffset(offset, selectedIndex, bodyHeight, rows.length);
  // Derived state, adjusted during render (React's sanctioned pattern): no extra frame.
  if (nextOffset !== offset) setOffset(nextOffset);

  const spacer = ' '.repeat(gap);
  const visibleCols = columns.map((c, i) => ({ c, w: widths[i]! })).filter((x) => x.w > 0);
  const pad = (line: string, used: number) => line + ' '.repeat(Math.max(0, width - used));
  const usedWidth = visibleCols.reduce((a, x) => a + x.w, 0) + gap * Math.max(0, visibleCols.length - 1);

  const header = showHeader ? (
    <Text {...textStyle(theme, 'table.header')} wrap="truncate-end">
      {pad(visibleCols.map(({ c, w }) => fit(c.header, w, c.align)).join(spacer), usedWidth)}
    </Text>
  ) : null;

  if (rows.length === 0)
    return (
      <Box flexDirection="column" width={width} height={height}>
        {header}
        <Text {...textStyle(theme, 'text.muted')} wrap="truncate-end">
          {fit(emptyText, width)}
        </Text>
      </Box>
    );

  const end = Math.min(rows.length, nextOffset + bodyHeight);
  const lines = [];
  for (let i = nextOffset; i < end; i++) {
    const row = rows[i]!;
    const key = rowKey ? rowKey(row, i) : String(i);
    const cells = visibleCols.map(({ c, w }) => fit(c.value(row, i), w, c.align));
    if (i === selectedIndex) {
      const sel = theme.tokens[focused ? 'selection' : 'selection.unfocused'];
      lines.push(
        <Text key={key} {...styleProps(sel)} wrap="truncate-end">
          {pad(cells.join(spacer), usedWidth)}
        </Text>,
      );
      continue;
    }
    // One segment per run of cells sharing a style (a row is mostly plain text): few Text
    // nodes and few escape codes for Ink to build and re-parse on every frame.
    const segments: Segment[] = [];
    for (let k = 0; k < cells.length; k++) {
      const { c } = visibleCols[k]!;
      const t = c.token?.(row, i) ?? 'text.primary';
      const token = isPlain(theme.tokens[t]) ? undefined : t;
      const text = (k > 0 ? spacer : '') + cells[k]!;
      const last = segments[segments.length - 1];
      if (last && last.token === token) last.text += text;
      else segments.push({ token, text });
    }
    const tail = ' '.repeat(Math.max(0, width - usedWidth));
    const last = segments[segments.length - 1];
    if (last && last.token === undefined) last.text += tail;
    else segments.push({ token: undefined, text: tail });
    lines.push(<TableLine key={key} segments={segments} />);
  }
  return (
    <Box flexDirection="column" width={width} height={height}>
      {header}
      {lines}
    </Box>
  );
}
