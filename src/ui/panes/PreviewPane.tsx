import { Text } from 'ink';
import { sanitize } from '../../core/sanitize.js';
import { Pane, paneInner } from '../components/Pane.js';
import { truncate } from '../components/textFit.js';
import { textStyle, useTheme } from '../theme/index.js';

export interface PreviewPaneProps {
  readonly target?: string;
  /** Pane text from tmux: untrusted, sanitized again here before it is drawn. */
  readonly text: string;
  readonly error?: string;
  readonly width: number;
  readonly height: number;
  readonly focused: boolean;
}

/** The live tail of the selected polecat's tmux pane. */
export function PreviewPane({ target, text, error, width, height, focused }: PreviewPaneProps) {
  const theme = useTheme();
  const inner = paneInner(width, height);
  const lines = sanitize(text).replace(/\s+$/, '').split('\n');
  const shown = lines.slice(-inner.height);
  return (
    <Pane
      title={target ? `Preview ${target}` : 'Preview'}
      width={width}
      height={height}
      focused={focused}
      clipX={false}
    >
      {!target ? (
        <Text {...textStyle(theme, 'text.muted')}>select a polecat to see its pane</Text>
      ) : error ? (
        <Text {...textStyle(theme, 'status.dead')} wrap="truncate-end">
          {truncate(error, inner.width)}
        </Text>
      ) : (
        shown.map((l, i) => (
          <Text key={i} wrap="truncate-end">
            {truncate(l, inner.width) || ' '}
          </Text>
        ))
      )}
    </Pane>
  );
}
