import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { borderColor, textStyle, useTheme } from '../theme/index.js';
import { BOX_CHARS } from './boxChars.js';
import { textWidth, truncate } from './textFit.js';

export interface PaneProps {
  readonly title: string;
  /** Outer size, border included (from computeLayout). */
  readonly width: number;
  readonly height: number;
  readonly focused?: boolean;
  /** Shown after the title, e.g. 12 or "3/120". */
  readonly count?: number | string;
  /** Error badge text, e.g. "2 errors"; drawn in the title line when set. */
  readonly error?: string;
  readonly children?: ReactNode;
  /**
   * Cut children at the pane's sides (default true). Content that is already
   * made to fit the width (truncated Text in width-bound boxes) can pass false:
   * Ink then skips re-slicing every line of the pane on every frame. Rows
   * below the pane's bottom are cut either way.
   */
  readonly clipX?: boolean;
}

/** The content area inside a pane of the given outer size. */
export function paneInner(width: number, height: number): { width: number; height: number } {
  return { width: Math.max(0, width - 2), height: Math.max(0, height - 2) };
}

/**
 * A bordered box whose top border carries the title, a count and an error
 * badge: ╭─ Polecats 12 ─[ 2 errors ]───╮. Focus changes the border token
 * and (per theme) the border style.
 */
export function Pane({
  title,
  width,
  height,
  focused = false,
  count,
  error,
  children,
  clipX = true,
}: PaneProps) {
  const theme = useTheme();
  const style = focused ? theme.borders.focused : theme.borders.unfocused;
  const chars = BOX_CHARS[style];
  const borderToken = focused ? 'border.focused' : 'border.unfocused';
  const inner = paneInner(width, height);

  // Top line: tl h <label> [h <badge>] <fill> tr, exactly `width` columns.
  const room = Math.max(0, width - 4);
  const badge = error && room - (textWidth(error) + 3) >= 8 ? ` ${error} ` : '';
  const badgeCost = badge ? textWidth(badge) + 1 : 0;
  const countStr = count !== undefined && count !== '' ? ` ${count}` : '';
  const showCount = countStr !== '' && room - badgeCost >= textWidth(countStr) + 5;
  const titleRoom = room - badgeCost - 2 - (showCount ? textWidth(countStr) : 0);
  const titleText = titleRoom >= 1 ? truncate(title, titleRoom) : '';
  const label = titleText ? ` ${titleText}${showCount ? countStr : ''} ` : '';
  const fill = chars.horizontal.repeat(Math.max(0, width - 3 - textWidth(label) - badgeCost));

  const border = textStyle(theme, borderToken);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate-end">
        <Text {...border}>
          {chars.topLeft}
          {chars.horizontal}
        </Text>
        {label ? (
          <Text
            {...textStyle(theme, focused ? 'pane.title.focused' : 'pane.title.unfocused')}
          >{` ${titleText}`}</Text>
        ) : null}
        {label && showCount ? <Text {...textStyle(theme, 'pane.count')}>{countStr}</Text> : null}
        {label ? (
          <Text {...textStyle(theme, focused ? 'pane.title.focused' : 'pane.title.unfocused')}> </Text>
        ) : null}
        {badge ? <Text {...border}>{chars.horizontal}</Text> : null}
        {badge ? <Text {...textStyle(theme, 'badge.error')}>{badge}</Text> : null}
        <Text {...border}>
          {fill}
          {chars.topRight}
        </Text>
      </Text>
      <Box
        borderStyle={style}
        borderTop={false}
        borderColor={borderColor(theme, borderToken)}
        width={width}
        height={height - 1}
        flexDirection="column"
        overflowY="hidden"
        overflowX={clipX ? 'hidden' : 'visible'}
      >
        <Box
          width={inner.width}
          height={inner.height}
          flexDirection="column"
          overflowY="hidden"
          overflowX={clipX ? 'hidden' : 'visible'}
        >
          {children}
        </Box>
      </Box>
    </Box>
  );
}
