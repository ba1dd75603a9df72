import { Box, Text } from 'ink';
import { useState } from 'react';
import { safeLine } from '../components/safeText.js';
import { truncate } from '../components/textFit.js';
import { PRIORITY, useCommands } from '../keys/index.js';
import { borderColor, textStyle, useTheme } from '../theme/index.js';

export interface DetailViewProps {
  readonly title: string;
  readonly lines: readonly string[];
  readonly width: number;
  readonly height: number;
  readonly onClose: () => void;
}

/** A scrollable full-body view of one row (or a command's output), sanitized. Takes every key while open. */
export function DetailView({ title, lines, width, height, onClose }: DetailViewProps) {
  const theme = useTheme();
  const [top, setTop] = useState(0);
  const inner = Math.max(1, height - 4);
  const max = Math.max(0, lines.length - inner);
  const move = (d: number) => setTop((t) => Math.min(max, Math.max(0, t + d)));
  useCommands(
    {
      'nav.down': () => move(1),
      'nav.up': () => move(-1),
      'nav.pageDown': () => move(inner),
      'nav.pageUp': () => move(-inner),
      'nav.top': () => setTop(0),
      'nav.bottom': () => setTop(max),
      'detail.close': onClose,
    },
    { priority: PRIORITY.overlay, swallow: true },
  );
  return (
    <Box
      flexDirection="column"
      width={width}
      height={height}
      borderStyle={theme.borders.dialog}
      borderColor={borderColor(theme, 'dialog.border')}
      paddingX={1}
    >
      <Text {...textStyle(theme, 'dialog.title')} wrap="truncate-end">
        {truncate(safeLine(title), width - 4)}
      </Text>
      {lines.slice(top, top + inner).map((l, i) => (
        <Text key={i} {...textStyle(theme, 'dialog.body')} wrap="truncate-end">
          {truncate(safeLine(l), width - 4) || ' '}
        </Text>
      ))}
    </Box>
  );
}
