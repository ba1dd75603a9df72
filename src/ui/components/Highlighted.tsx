import { Text } from 'ink';
import { textStyle, useTheme, type ThemeToken } from '../theme/index.js';

export interface HighlightedProps {
  /** Text already cut to its width. */
  readonly text: string;
  /** Code-point indices to draw with the match token. */
  readonly positions: readonly number[];
  readonly token?: ThemeToken;
  readonly matchToken?: ThemeToken;
}

/** Text with some characters emphasized (fuzzy-filter matches). */
export function Highlighted({
  text,
  positions,
  token = 'text.primary',
  matchToken = 'text.match',
}: HighlightedProps) {
  const theme = useTheme();
  const marks = new Set(positions);
  const runs: { text: string; hit: boolean }[] = [];
  Array.from(text).forEach((ch, i) => {
    const hit = marks.has(i);
    const last = runs[runs.length - 1];
    if (last && last.hit === hit) last.text += ch;
    else runs.push({ text: ch, hit });
  });
  return (
    <Text>
      {runs.map((r, i) => (
        <Text key={i} {...textStyle(theme, r.hit ? matchToken : token)}>
          {r.text}
        </Text>
      ))}
    </Text>
  );
}
