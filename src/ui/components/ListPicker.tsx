import { Box, Text } from 'ink';
import { useCallback, useMemo, useState } from 'react';
import { sanitizeLine } from '../../core/sanitize.js';
import { footerHints, PRIORITY, useCommands, useKeymap } from '../keys/index.js';
import { borderColor, textStyle, useTheme, type ThemeToken } from '../theme/index.js';
import { fuzzyFilter } from './fuzzy.js';
import { Highlighted } from './Highlighted.js';
import { clampIndex, scrollOffset } from './scroll.js';
import { TextInput } from './TextInput.js';
import { fit, textWidth, truncate } from './textFit.js';

export interface ListPickerProps<T> {
  readonly title: string;
  readonly items: readonly T[];
  /** Main text of an item; filtering matches on label and detail. */
  readonly label: (item: T) => string;
  /** Secondary text drawn muted after the label. */
  readonly detail?: (item: T) => string;
  /** Optional style of the label (e.g. an issue's priority). */
  readonly token?: (item: T) => ThemeToken | undefined;
  readonly onPick: (item: T, index: number) => void;
  readonly onCancel: () => void;
  readonly width: number;
  /** Outer height, border included. */
  readonly height: number;
  readonly placeholder?: string;
  readonly emptyText?: string;
}

const SEP = '  ';

/**
 * Pick one of N with type-to-filter (fuzzy). Typing goes to the filter
 * input; list.up/list.down move, list.pick chooses, list.close cancels.
 * Takes every key while open. Chain two pickers for "issue, then preset".
 */
export function ListPicker<T>({
  title,
  items,
  label: rawLabel,
  detail: rawDetail,
  token,
  onPick,
  onCancel,
  width,
  height,
  placeholder = 'type to filter',
  emptyText = 'no match',
}: ListPickerProps<T>) {
  const theme = useTheme();
  const keymap = useKeymap();
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState(0);
  const [offset, setOffset] = useState(0);

  // Labels carry issue titles: sanitized before filtering, so match positions fit what is drawn.
  const label = useCallback((item: T) => sanitizeLine(rawLabel(item)), [rawLabel]);
  const detail = useMemo(
    () => (rawDetail ? (item: T) => sanitizeLine(rawDetail(item)) : undefined),
    [rawDetail],
  );
  const text = (item: T) => (detail ? `${label(item)}${SEP}${detail(item)}` : label(item));
  const matches = useMemo(
    () => fuzzyFilter(items, query, (item) => (detail ? `${label(item)}${SEP}${detail(item)}` : label(item))),
    [items, query, label, detail],
  );
  const sel = clampIndex(selected, matches.length);

  const innerW = Math.max(1, width - 4);
  const listH = Math.max(1, height - 5); // border 2, title, input, hints
  const top = scrollOffset(offset, sel, listH, matches.length);
  if (top !== offset) setOffset(top);

  const move = (d: number) =>
    setSelected((s) => clampIndex(clampIndex(s, matches.length) + d, matches.length));
  useCommands(
    {
      'list.down': () => move(1),
      'list.up': () => move(-1),
      'list.pick': () => {
        const m = matches[sel];
        if (m) onPick(m.item, m.index);
      },
      'list.close': onCancel,
    },
    { priority: PRIORITY.overlay, swallow: true },
  );

  const onQuery = (q: string) => {
    setQuery(q);
    setSelected(0);
  };
  const count = `${matches.length}/${items.length}`;
  const hints = footerHints(keymap, 'picker', ['list.pick', 'list.close', 'list.down', 'list.up']);

  return (
    <Box
      flexDirection="column"
      width={width}
      height={height}
      borderStyle={theme.borders.dialog}
      borderColor={borderColor(theme, 'dialog.border')}
      paddingX={1}
    >
      <Text wrap="truncate-end">
        <Text {...textStyle(theme, 'dialog.title')}>
          {fit(sanitizeLine(title), Math.max(0, innerW - textWidth(count)))}
        </Text>
        <Text {...textStyle(theme, 'pane.count')}>{textWidth(count) <= innerW ? count : ''}</Text>
      </Text>
      <TextInput value={query} onChange={onQuery} width={innerW} prompt="> " placeholder={placeholder} />
      <Box flexDirection="column" height={listH}>
        {matches.length === 0 ? (
          <Text {...textStyle(theme, 'text.muted')}>{truncate(emptyText, innerW)}</Text>
        ) : (
          matches.slice(top, top + listH).map((m, k) => {
            const i = top + k;
            const full = truncate(text(m.item), innerW);
            if (i === sel)
              return (
                <Text key={m.index} {...textStyle(theme, 'selection')} wrap="truncate-end">
                  {fit(full, innerW)}
                </Text>
              );
            const labelLen = Array.from(label(m.item)).length;
            const chars = Array.from(full);
            return (
              <Text key={m.index} wrap="truncate-end">
                <Highlighted
                  text={chars.slice(0, labelLen).join('')}
                  positions={m.positions.filter((p) => p < labelLen)}
                  token={token?.(m.item) ?? 'text.primary'}
                />
                <Highlighted
                  text={chars.slice(labelLen).join('')}
                  positions={m.positions.filter((p) => p >= labelLen).map((p) => p - labelLen)}
                  token="text.muted"
                />
              </Text>
            );
          })
        )}
      </Box>
      <Text wrap="truncate-end">
        {hints.map((h) => (
          <Text key={h.command}>
            <Text {...textStyle(theme, 'footer.key')}>{h.key}</Text>
            <Text {...textStyle(theme, 'footer.label')}>{` ${h.hint}  `}</Text>
          </Text>
        ))}
      </Text>
    </Box>
  );
}
