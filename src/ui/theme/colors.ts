/**
 * Color values a theme may use: exactly what Ink's `<Text color>` accepts.
 * Named ANSI colors follow the terminal's own palette (best over SSH/tmux);
 * hex, rgb() and ansi256() are downsampled by chalk to what the terminal supports.
 */
export const NAMED_COLORS = [
  'black',
  'red',
  'green',
  'yellow',
  'blue',
  'magenta',
  'cyan',
  'white',
  'gray',
  'grey',
  'blackBright',
  'redBright',
  'greenBright',
  'yellowBright',
  'blueBright',
  'magentaBright',
  'cyanBright',
  'whiteBright',
] as const;

const NAMED: ReadonlySet<string> = new Set(NAMED_COLORS);
const HEX = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const RGB = /^rgb\(\s?(\d{1,3}),\s?(\d{1,3}),\s?(\d{1,3})\s?\)$/;
const ANSI256 = /^ansi256\(\s?(\d{1,3})\s?\)$/;

export function isColor(value: string): boolean {
  if (NAMED.has(value) || HEX.test(value)) return true;
  const rgb = RGB.exec(value);
  if (rgb) return rgb.slice(1, 4).every((n) => Number(n) <= 255);
  const ansi = ANSI256.exec(value);
  if (ansi) return Number(ansi[1]) <= 255;
  return false;
}

export const COLOR_HELP = `a color name (${NAMED_COLORS.slice(0, 8).join(', ')}, …Bright, gray), #rgb, #rrggbb, rgb(r,g,b) or ansi256(n)`;
