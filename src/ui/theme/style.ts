import type { Theme, TokenStyle } from './schema.js';
import type { ThemeToken } from './tokens.js';

/** The subset of Ink `<Text>` props a token controls. */
export interface TextStyleProps {
  color?: string;
  backgroundColor?: string;
  bold?: boolean;
  dimColor?: boolean;
  italic?: boolean;
  underline?: boolean;
  inverse?: boolean;
}

/** Convert a token style into `<Text>` props; absent fields stay absent. */
export function styleProps(style: Readonly<TokenStyle>): TextStyleProps {
  const props: TextStyleProps = {};
  if (style.fg !== undefined) props.color = style.fg;
  if (style.bg !== undefined) props.backgroundColor = style.bg;
  if (style.bold) props.bold = true;
  if (style.dim) props.dimColor = true;
  if (style.italic) props.italic = true;
  if (style.underline) props.underline = true;
  if (style.inverse) props.inverse = true;
  return props;
}

/** `<Text {...textStyle(theme, 'status.stuck')}>` */
export function textStyle(theme: Theme, token: ThemeToken): TextStyleProps {
  return styleProps(theme.tokens[token]);
}

/** Later styles win field by field (e.g. a row's status color under a selection highlight). */
export function mergeStyles(...styles: ReadonlyArray<Readonly<TokenStyle> | undefined>): TokenStyle {
  const out: TokenStyle = {};
  for (const s of styles) if (s) Object.assign(out, s);
  return out;
}

/** The color to pass as `<Box borderColor>`; undefined in monochrome themes. */
export function borderColor(theme: Theme, token: ThemeToken): string | undefined {
  return theme.tokens[token].fg;
}
