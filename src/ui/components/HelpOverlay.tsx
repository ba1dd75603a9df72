import { Box, Text } from 'ink';
import { useState } from 'react';
import {
  helpRows,
  PRIORITY,
  useCommands,
  useKeymap,
  type CommandId,
  type KeyContext,
} from '../keys/index.js';
import { borderColor, textStyle, useTheme } from '../theme/index.js';
import { scrollOffset } from './scroll.js';
import { fit, textWidth, truncate } from './textFit.js';

export interface HelpOverlayProps {
  /** The context the help is about (the focused pane when ? was pressed). */
  readonly context: KeyContext;
  readonly width: number;
  /** Outer height, border included. */
  readonly height: number;
  readonly onClose: () => void;
  readonly title?: string;
  /** Show only these of the context's own commands (the keys of the selected item). */
  readonly only?: ReadonlySet<CommandId>;
}

const SECTION_TITLES: Partial<Record<KeyContext, string>> = { global: 'Everywhere', pane: 'In every list' };

function sectionTitle(c: KeyContext): string {
  return SECTION_TITLES[c] ?? c.charAt(0).toUpperCase() + c.slice(1);
}

type Line = { kind: 'section'; text: string } | { kind: 'row'; keys: string; description: string };

/**
 * The key help, generated from the keymap table for one context. Scrolls
 * with the nav.* keys; help.close/help.toggle close it. Takes every key
 * while open.
 */
export function HelpOverlay({ context, width, height, onClose, title = 'Keys', only }: HelpOverlayProps) {
  const theme = useTheme();
  const keymap = useKeymap();
  const rows = helpRows(keymap, context).filter(
    (r) => !only || r.section !== context || r.commands.some((c) => only.has(c)),
  );
  const lines: Line[] = [];
  let section: KeyContext | undefined;
  for (const r of rows) {
    if (r.section !== section) {
      section = r.section;
      lines.push({ kind: 'section', text: sectionTitle(section) });
    }
    lines.push({ kind: 'row', keys: r.keys, description: r.description });
  }

  const innerW = Math.max(1, width - 4);
  const bodyH = Math.max(1, height - 3); // border 2 + title line
  const [top, setTop] = useState(0);
  const maxTop = Math.max(0, lines.length - bodyH);
  const scroll = (f: (t: number) => number) => setTop((t) => Math.min(maxTop, Math.max(0, f(t))));
  useCommands(
    {
      'help.close': onClose,
      'help.toggle': onClose,
      'nav.down': () => scroll((t) => t + 1),
      'nav.up': () => scroll((t) => t - 1),
      'nav.pageDown': () => scroll((t) => t + bodyH),
      'nav.pageUp': () => scroll((t) => t - bodyH),
      'nav.top': () => scroll(() => 0),
      'nav.bottom': () => scroll(() => maxTop),
    },
    { priority: PRIORITY.overlay, swallow: true },
  );

  const offset = scrollOffset(Math.min(top, maxTop), -1, bodyH, lines.length);
  const keyW = Math.min(16, Math.max(4, ...rows.map((r) => textWidth(r.keys))));
  const more =
    lines.length > bodyH ? ` ${offset + 1}-${Math.min(lines.length, offset + bodyH)}/${lines.length}` : '';

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
        <Text {...textStyle(theme, 'dialog.title')}>{truncate(title, innerW - textWidth(more))}</Text>
        <Text {...textStyle(theme, 'text.muted')}>{more}</Text>
      </Text>
      {lines.slice(offset, offset + bodyH).map((l, i) =>
        l.kind === 'section' ? (
          <Text key={i} {...textStyle(theme, 'help.section')} wrap="truncate-end">
            {truncate(l.text, innerW)}
          </Text>
        ) : (
          <Text key={i} wrap="truncate-end">
            <Text {...textStyle(theme, 'help.key')}>{fit(l.keys, keyW)}</Text>
            <Text {...textStyle(theme, 'help.description')}>
              {' ' + truncate(l.description, innerW - keyW - 1)}
            </Text>
          </Text>
        ),
      )}
    </Box>
  );
}
