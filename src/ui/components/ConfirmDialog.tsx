import { Box, Text } from 'ink';
import { keysLabel, PRIORITY, useCommands, useKeymap } from '../keys/index.js';
import { borderColor, textStyle, useTheme } from '../theme/index.js';
import { safeLine } from './safeText.js';
import { truncate } from './textFit.js';

export interface ConfirmDialogProps {
  readonly title: string;
  /** What will happen, one fact a line: "kill tmux session gt-polecat-3", "keep branch polecat/3 (2 unpushed commits)". */
  readonly body: readonly string[];
  readonly width: number;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
  /** Draws the dialog in the danger style (stop, land, delete). */
  readonly destructive?: boolean;
  readonly confirmLabel?: string;
  readonly cancelLabel?: string;
}

/**
 * A modal yes/no dialog. Title and body are sanitized (they carry state
 * reasons, file names and issue titles).
 * While mounted it takes every key (modal priority);
 * dialog.confirm (y/Enter) confirms, dialog.cancel (n/Esc) cancels.
 */
export function ConfirmDialog({
  title,
  body,
  width,
  onConfirm,
  onCancel,
  destructive = false,
  confirmLabel = 'confirm',
  cancelLabel = 'cancel',
}: ConfirmDialogProps) {
  const theme = useTheme();
  const keymap = useKeymap();
  useCommands(
    { 'dialog.confirm': onConfirm, 'dialog.cancel': onCancel },
    { priority: PRIORITY.modal, swallow: true },
  );

  const inner = Math.max(1, width - 4);
  const confirmKeys = keysLabel(keymap, 'dialog.confirm');
  const cancelKeys = keysLabel(keymap, 'dialog.cancel');
  const frameToken = destructive ? 'dialog.danger' : 'dialog.border';

  return (
    <Box
      flexDirection="column"
      width={width}
      borderStyle={theme.borders.dialog}
      borderColor={borderColor(theme, frameToken)}
      paddingX={1}
    >
      <Text {...textStyle(theme, destructive ? 'dialog.danger' : 'dialog.title')} wrap="truncate-end">
        {truncate(safeLine(title), inner)}
      </Text>
      <Text> </Text>
      {body.map((line, i) => (
        <Text key={i} {...textStyle(theme, 'dialog.body')} wrap="truncate-end">
          {truncate(safeLine(line), inner)}
        </Text>
      ))}
      <Text> </Text>
      <Text wrap="truncate-end">
        {confirmKeys ? <Text {...textStyle(theme, 'footer.key')}>{confirmKeys}</Text> : null}
        {confirmKeys ? <Text {...textStyle(theme, 'footer.label')}>{` ${confirmLabel}   `}</Text> : null}
        {cancelKeys ? <Text {...textStyle(theme, 'footer.key')}>{cancelKeys}</Text> : null}
        {cancelKeys ? <Text {...textStyle(theme, 'footer.label')}>{` ${cancelLabel}`}</Text> : null}
      </Text>
    </Box>
  );
}
