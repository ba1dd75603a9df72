import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigFileError,
  listThemes,
  loadTheme,
  MONOCHROME_THEME,
  statusToken,
  mrToken,
  priorityToken,
  textStyle,
  THEME_TOKENS,
  isColor,
} from '../../src/ui/index.js';

const THEMES = join(import.meta.dirname, '../../themes');
const noEnv = {};

function tmpThemes(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ov-themes-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('theme loading', () => {
  it('ships dark, light, high-contrast and solarized, all valid and complete', () => {
    expect(listThemes(THEMES)).toEqual(['dark', 'high-contrast', 'light', 'solarized']);
    for (const name of listThemes(THEMES)) {
      const theme = loadTheme(name, { themesDir: THEMES, env: noEnv });
      expect(theme.name).toBe(name);
      expect(theme.monochrome).toBe(false);
      for (const t of THEME_TOKENS) expect(theme.tokens[t], `${name} ${t}`).toBeDefined();
    }
  });

  it('normalizes a bare color to a foreground style', () => {
    const theme = loadTheme('dark', { themesDir: THEMES, env: noEnv });
    expect(theme.tokens['status.working']).toEqual({ fg: 'green' });
    expect(textStyle(theme, 'status.stuck')).toEqual({ color: 'magenta', bold: true });
  });

  it('names the file and the bad field path for an invalid color', () => {
    const dark = JSON.parse(JSON.stringify(loadTheme('dark', { themesDir: THEMES, env: noEnv }))) as Record<
      string,
      unknown
    >;
    const tokens = { ...(dark['tokens'] as object), 'status.working': { fg: 'chartreuse-ish' } };
    const dir = tmpThemes({
      'broken.json': JSON.stringify({ name: 'broken', borders: dark['borders'], tokens }),
    });
    const attempt = () => loadTheme('broken', { themesDir: dir, env: noEnv });
    expect(attempt).toThrow(ConfigFileError);
    expect(attempt).toThrow(join(dir, 'broken.json'));
    expect(attempt).toThrow('tokens["status.working"].fg');
  });

  it('names the missing token and rejects unknown ones', () => {
    const dir = tmpThemes({
      'short.yaml':
        'name: short\nborders: {focused: round, unfocused: single, dialog: double}\ntokens:\n  accent: cyan\n  bogus.token: red\n',
    });
    const err = (() => {
      try {
        loadTheme('short', { themesDir: dir, env: noEnv });
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected an error');
    })();
    expect(err.message).toContain('short.yaml');
    expect(err.message).toMatch(/tokens/);
    expect(err.message).toMatch(/bogus\.token|text\.primary/);
  });

  it('reports unparsable files with the file name', () => {
    const dir = tmpThemes({ 'bad.json': '{ "name": "bad", ' });
    expect(() => loadTheme('bad', { themesDir: dir, env: noEnv })).toThrow(/bad\.json: not valid JSON/);
  });

  it('lists available themes when the name is unknown, and refuses path-like names', () => {
    expect(() => loadTheme('nope', { themesDir: THEMES, env: noEnv })).toThrow(
      /available: dark, high-contrast/,
    );
    expect(() => loadTheme('../etc/passwd', { themesDir: THEMES, env: noEnv })).toThrow(/invalid theme name/);
  });

  it('extends a base theme, searching directories in order, and detects cycles', () => {
    const dir = tmpThemes({
      'mine.yaml': 'name: mine\nextends: dark\ntokens:\n  accent: "#ff8800"\nborders: {focused: bold}\n',
      'a.json': '{"name":"a","extends":"b"}',
      'b.json': '{"name":"b","extends":"a"}',
    });
    const theme = loadTheme('mine', { themesDir: [dir, THEMES], env: noEnv });
    expect(theme.tokens.accent).toEqual({ fg: '#ff8800' });
    expect(theme.tokens['status.working']).toEqual({ fg: 'green' });
    expect(theme.borders).toEqual({ focused: 'bold', unfocused: 'round', dialog: 'double' });
    expect(() => loadTheme('a', { themesDir: dir, env: noEnv })).toThrow(/extends cycle/);
  });

  it('NO_COLOR (non-empty) gives a monochrome theme: no colors, emphasis only', () => {
    const theme = loadTheme('solarized', { themesDir: THEMES, env: { NO_COLOR: '1' } });
    expect(theme).toBe(MONOCHROME_THEME);
    expect(theme.monochrome).toBe(true);
    for (const t of THEME_TOKENS) {
      expect(theme.tokens[t].fg).toBeUndefined();
      expect(theme.tokens[t].bg).toBeUndefined();
      for (const k of Object.keys(theme.tokens[t])) expect(['bold', 'inverse', 'underline']).toContain(k);
    }
    expect(theme.tokens.selection).toEqual({ inverse: true });
    // Empty NO_COLOR does not count.
    expect(loadTheme('dark', { themesDir: THEMES, env: { NO_COLOR: '' } }).monochrome).toBe(false);
  });

  it('maps states to tokens with safe fallbacks', () => {
    expect(statusToken('stuck')).toBe('status.stuck');
    expect(statusToken('weird')).toBe('text.secondary');
    expect(mrToken('conflict')).toBe('mr.conflict');
    expect(priorityToken(0)).toBe('priority.0');
    expect(priorityToken(9)).toBe('priority.4');
    expect(priorityToken(Number.NaN)).toBe('priority.2');
  });

  it('accepts exactly the colors ink can draw', () => {
    for (const c of ['red', 'blueBright', 'gray', '#abc', '#a1b2c3', 'rgb(1, 2, 3)', 'ansi256(200)'])
      expect(isColor(c)).toBe(true);
    for (const c of ['purple', '#abcd', 'rgb(300,0,0)', 'ansi256(999)', '']) expect(isColor(c)).toBe(false);
  });

  it('a copy of a shipped theme loads from another directory (yaml or json)', () => {
    const dir = tmpThemes({});
    copyFileSync(join(THEMES, 'light.json'), join(dir, 'light.json'));
    expect(loadTheme('light', { themesDir: dir, env: noEnv }).name).toBe('light');
  });
});
