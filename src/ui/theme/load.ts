import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { ConfigFileError, formatZodIssues } from '../fileError.js';
import { MONOCHROME_THEME } from './monochrome.js';
import {
  partialThemeFileSchema,
  themeFileSchema,
  type PartialThemeFile,
  type Theme,
  type ThemeFile,
  type TokenStyle,
} from './schema.js';
import { THEME_TOKENS, type ThemeToken } from './tokens.js';

export interface LoadThemeOptions {
  /** Directories searched in order (e.g. the town's themes, then the built-in ones). */
  themesDir: string | readonly string[];
  /** Environment to read NO_COLOR from; defaults to process.env. */
  env?: Readonly<Record<string, string | undefined>>;
}

export const DEFAULT_THEME = 'dark';
const EXTENSIONS = ['.json', '.yaml', '.yml'] as const;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** NO_COLOR convention (no-color.org): set and non-empty disables color. */
export function noColorRequested(env: Readonly<Record<string, string | undefined>>): boolean {
  const v = env['NO_COLOR'];
  return v !== undefined && v !== '';
}

function dirsOf(opt: LoadThemeOptions['themesDir']): readonly string[] {
  return typeof opt === 'string' ? [opt] : opt;
}

/** Theme names available in the given directories, sorted, without duplicates. */
export function listThemes(themesDir: LoadThemeOptions['themesDir']): string[] {
  const names = new Set<string>();
  for (const dir of dirsOf(themesDir)) {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    for (const f of entries) {
      const ext = EXTENSIONS.find((e) => f.endsWith(e));
      if (ext) names.add(f.slice(0, -ext.length));
    }
  }
  return [...names].sort();
}

function findThemeFile(name: string, dirs: readonly string[]): string | undefined {
  for (const dir of dirs)
    for (const ext of EXTENSIONS) {
      const file = join(dir, name + ext);
      if (existsSync(file)) return file;
    }
  return undefined;
}

function parseFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigFileError(file, `cannot read: ${(e as Error).message}`);
  }
  try {
    return file.endsWith('.json') ? JSON.parse(text) : YAML.parse(text);
  } catch (e) {
    throw new ConfigFileError(
      file,
      `not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(e as Error).message}`,
    );
  }
}

function resolve(
  name: string,
  dirs: readonly string[],
  chain: readonly string[],
): ThemeFile & { file: string } {
  if (!NAME.test(name))
    throw new Error(`invalid theme name ${JSON.stringify(name)}: use letters, digits, - and _`);
  const file = findThemeFile(name, dirs);
  if (!file) {
    const known = listThemes(dirs);
    throw new Error(
      `theme ${JSON.stringify(name)} not found in ${dirs.join(', ')}` +
        (known.length ? ` (available: ${known.join(', ')})` : ''),
    );
  }
  if (chain.includes(file)) throw new ConfigFileError(file, `extends cycle: ${[...chain, file].join(' → ')}`);
  const raw = parseFile(file);
  const isPartial = typeof raw === 'object' && raw !== null && 'extends' in raw;
  if (!isPartial) {
    const parsed = themeFileSchema.safeParse(raw);
    if (!parsed.success) throw new ConfigFileError(file, formatZodIssues(parsed.error));
    return { ...parsed.data, file };
  }
  const parsed = partialThemeFileSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigFileError(file, formatZodIssues(parsed.error));
  const child: PartialThemeFile = parsed.data;
  let base: ThemeFile;
  try {
    base = resolve(child.extends, dirs, [...chain, file]);
  } catch (e) {
    if (e instanceof ConfigFileError) throw e;
    throw new ConfigFileError(file, `extends: ${(e as Error).message}`);
  }
  return {
    name: child.name,
    description: child.description ?? base.description,
    borders: { ...base.borders, ...child.borders },
    tokens: { ...base.tokens, ...child.tokens },
    file,
  };
}

/**
 * Load and validate a theme by name. With NO_COLOR set (non-empty) the
 * monochrome theme is returned and no file is read. Errors thrown for a bad
 * file are ConfigFileError, whose message names the file and the bad field.
 */
export function loadTheme(name: string, options: LoadThemeOptions): Theme {
  if (noColorRequested(options.env ?? process.env)) return MONOCHROME_THEME;
  const dirs = dirsOf(options.themesDir);
  if (name === MONOCHROME_THEME.name && !findThemeFile(name, dirs)) return MONOCHROME_THEME;
  const file = resolve(name, dirs, []);
  const tokens = Object.fromEntries(
    THEME_TOKENS.map((t) => [t, Object.freeze({ ...file.tokens[t] })]),
  ) as Record<ThemeToken, TokenStyle>;
  return Object.freeze({
    name: file.name,
    monochrome: false,
    borders: file.borders,
    tokens: Object.freeze(tokens),
  });
}
