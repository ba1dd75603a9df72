import { Text } from 'ink';
import { footerHints, useKeymap, type CommandId, type KeyContext } from '../keys/index.js';
import { textStyle, useTheme } from '../theme/index.js';
import { textWidth, truncate } from './textFit.js';

export interface FooterProps {
  /** The context keys go to now (focused pane or open modal). */
  readonly context: KeyContext;
  /** Commands possible right now, in display order (disabled actions left out by the caller). */
  readonly commands: readonly CommandId[];
  readonly width: number;
  /** A short status message shown before the hints (e.g. the result of the last action). */
  readonly message?: string;
}

/** One line of "key hint" pairs; hints that do not fit are dropped whole, never cut. */
export function Footer({ context, commands, width, message }: FooterProps) {
  const theme = useTheme();
  const keymap = useKeymap();
  const hints = footerHints(keymap, context, commands);
  const msg = message ? truncate(message, width) : '';
  let used = textWidth(msg) + (msg ? 2 : 0);
  const shown = [];
  for (const h of hints) {
    const w = textWidth(h.key) + 1 + textWidth(h.hint) + 2;
    if (used + w - 2 > width) break;
    used += w;
    shown.push(h);
  }
  return (
    <Text {...textStyle(theme, 'footer')} wrap="truncate-end">
      {msg ? <Text {...textStyle(theme, 'text.secondary')}>{msg + '  '}</Text> : null}
      {shown.map((h, i) => (
        <Text key={h.command}>
          <Text {...textStyle(theme, 'footer.key')}>{h.key}</Text>
          <Text {...textStyle(theme, 'footer.label')}>{` ${h.hint}${i < shown.length - 1 ? '  ' : ''}`}</Text>
        </Text>
      ))}
    </Text>
  );
}
