import { Text } from 'ink';
import { PRIORITY } from '../keys/index.js';
import { textStyle, useTheme } from '../theme/index.js';
import { TextInput } from './TextInput.js';
import { textWidth, truncate } from './textFit.js';

export interface FilterBarProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** Enter: keep the filter, leave editing. */
  readonly onSubmit: () => void;
  /** Escape: drop the filter, leave editing. */
  readonly onCancel: () => void;
  /** Editing now (has the keyboard) vs showing an applied filter. */
  readonly editing: boolean;
  readonly width: number;
  /** Rows matching / all rows, shown at the right. */
  readonly matches?: number;
  readonly total?: number;
}

/**
 * The `/` filter line of a pane. Editing: a text input; applied: the
 * filter text muted; neither: nothing (null).
 */
export function FilterBar({
  value,
  onChange,
  onSubmit,
  onCancel,
  editing,
  width,
  matches,
  total,
}: FilterBarProps) {
  const theme = useTheme();
  if (!editing && value === '') return null;
  const count = matches !== undefined ? ` ${matches}${total !== undefined ? `/${total}` : ''}` : '';
  const countW = textWidth(count) < width - 4 ? textWidth(count) : 0;
  const room = Math.max(1, width - countW);
  return (
    <Text wrap="truncate-end">
      {editing ? (
        <TextInput
          value={value}
          onChange={onChange}
          onSubmit={() => onSubmit()}
          onCancel={onCancel}
          width={room}
          prompt="/"
          priority={PRIORITY.textInput}
        />
      ) : (
        <Text {...textStyle(theme, 'text.muted')}>{truncate(`/${value}`, room).padEnd(room)}</Text>
      )}
      {countW ? <Text {...textStyle(theme, 'pane.count')}>{count}</Text> : null}
    </Text>
  );
}
