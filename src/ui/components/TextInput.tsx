import { Text } from 'ink';
import { useLayoutEffect, useRef, useState } from 'react';
import { PRIORITY, useKeyHandler } from '../keys/index.js';
import { textStyle, useTheme } from '../theme/index.js';
import { editLine, type LineState } from './textEdit.js';
import { textWidth, truncate } from './textFit.js';

export interface TextInputProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** Enter; when absent Enter is not consumed (a surrounding list can use it). */
  readonly onSubmit?: (value: string) => void;
  /** Escape; when absent Escape is not consumed. */
  readonly onCancel?: () => void;
  /** Width in columns, prompt included. */
  readonly width: number;
  readonly prompt?: string;
  readonly placeholder?: string;
  /** Has keyboard focus: draws the cursor and receives keys. */
  readonly active?: boolean;
  readonly priority?: number;
}

/**
 * A controlled single-line input. Consumes editing keys and text (typing
 * and paste); lets Up/Down/Tab and, without handlers, Enter/Escape through.
 */
export function TextInput({
  value,
  onChange,
  onSubmit,
  onCancel,
  width,
  prompt = '',
  placeholder = '',
  active = true,
  priority = PRIORITY.textInput,
}: TextInputProps) {
  const theme = useTheme();
  const [cursor, setCursor] = useState(() => Array.from(value).length);
  const chars = Array.from(value);
  const shownCursor = Math.min(cursor, chars.length);

  // Keys of one burst arrive before a re-render: keep the live state in a ref.
  const live = useRef<LineState>({ value, cursor: shownCursor });
  useLayoutEffect(() => {
    live.current = { value, cursor: shownCursor };
  }, [value, shownCursor]);

  useKeyHandler(
    priority,
    (ev) => {
      if (ev.name === 'enter' && !ev.ctrl && !ev.meta) {
        if (!onSubmit) return false;
        onSubmit(live.current.value);
        return true;
      }
      if (ev.name === 'escape') {
        if (!onCancel) return false;
        onCancel();
        return true;
      }
      const next = editLine(live.current, ev);
      if (!next) return false;
      const changed = next.value !== live.current.value;
      live.current = next;
      setCursor(next.cursor);
      if (changed) onChange(next.value);
      return true;
    },
    active,
  );

  const promptWidth = textWidth(prompt);
  const room = Math.max(1, width - promptWidth);
  const promptEl = prompt ? (
    <Text {...textStyle(theme, 'input.prompt')}>{truncate(prompt, width)}</Text>
  ) : null;

  if (chars.length === 0 && placeholder && !active)
    return (
      <Text wrap="truncate-end">
        {promptEl}
        <Text {...textStyle(theme, 'input.placeholder')}>{truncate(placeholder, room)}</Text>
      </Text>
    );

  // Window of the text that keeps the cursor cell visible (the cursor may sit after the last char).
  const start = Math.max(0, shownCursor - room + 1);
  const visible = chars.slice(start, start + room);
  const cur = shownCursor - start;
  const before = visible.slice(0, cur).join('');
  const at = visible[cur] ?? ' ';
  const after = visible.slice(cur + 1).join('');
  const showPlaceholder = chars.length === 0 && placeholder !== '';

  return (
    <Text wrap="truncate-end">
      {promptEl}
      <Text {...textStyle(theme, 'input.text')}>{before}</Text>
      {active ? (
        <Text {...textStyle(theme, 'input.cursor')}>{at}</Text>
      ) : (
        <Text {...textStyle(theme, 'input.text')}>{at}</Text>
      )}
      {showPlaceholder ? (
        <Text {...textStyle(theme, 'input.placeholder')}>{truncate(placeholder, room - 1)}</Text>
      ) : (
        <Text {...textStyle(theme, 'input.text')}>{after}</Text>
      )}
    </Text>
  );
}
