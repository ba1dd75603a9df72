import { Box, Text } from 'ink';
import { useState } from 'react';
import { TextInput } from '../components/TextInput.js';
import { safeLine } from '../components/safeText.js';
import { truncate } from '../components/textFit.js';
import { PRIORITY, useKeyHandler } from '../keys/index.js';
import { borderColor, textStyle, useTheme } from '../theme/index.js';

export type InputField = { name: string; label: string; initial?: string };

export interface InputDialogProps {
  readonly title: string;
  readonly fields: readonly InputField[];
  readonly width: number;
  readonly onSubmit: (values: Record<string, string>) => void;
  readonly onCancel: () => void;
}

/** A small form: one line per field, Enter moves on (and submits after the last), Esc cancels. */
export function InputDialog({ title, fields, width, onSubmit, onCancel }: InputDialogProps) {
  const theme = useTheme();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((f) => [f.name, f.initial ?? ''])),
  );
  const [at, setAt] = useState(0);
  // Swallow everything the input does not take: the dialog is modal.
  useKeyHandler(PRIORITY.modal, () => true);
  const inner = Math.max(10, width - 4);
  return (
    <Box
      flexDirection="column"
      width={width}
      borderStyle={theme.borders.dialog}
      borderColor={borderColor(theme, 'dialog.border')}
      paddingX={1}
    >
      <Text {...textStyle(theme, 'dialog.title')} wrap="truncate-end">
        {truncate(safeLine(title), inner)}
      </Text>
      {fields.map((f, i) =>
        i === at ? (
          <TextInput
            key={f.name}
            value={values[f.name] ?? ''}
            prompt={`${f.label}: `}
            width={inner}
            priority={PRIORITY.modal + 10}
            onChange={(v) => setValues((old) => ({ ...old, [f.name]: v }))}
            onSubmit={(v) => {
              const next = { ...values, [f.name]: v };
              setValues(next);
              if (i + 1 < fields.length) setAt(i + 1);
              else onSubmit(next);
            }}
            onCancel={onCancel}
          />
        ) : (
          <Text key={f.name} {...textStyle(theme, i < at ? 'dialog.body' : 'text.muted')} wrap="truncate-end">
            {truncate(safeLine(`${f.label}: ${values[f.name] ?? ''}`), inner)}
          </Text>
        ),
      )}
      <Text {...textStyle(theme, 'text.muted')}>Enter next/send · Esc cancel</Text>
    </Box>
  );
}
