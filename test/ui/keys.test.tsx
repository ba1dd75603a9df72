import { Text } from 'ink';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildKeymap,
  COMMAND_IDS,
  commandMatches,
  ConfigFileError,
  DEFAULT_KEYMAP,
  findConflicts,
  findTypedBindings,
  footerHints,
  formatKey,
  keySpec,
  loadKeymap,
  matchesSpec,
  parseKeySpec,
  parseKeymapOverrides,
  PRIORITY,
  useKeyHandler,
  type KeyEvent,
} from '../../src/ui/index.js';
import { KEY, renderUi } from '../support/ui/render.js';

describe('key specs', () => {
  it('parses letters, named keys, aliases and modifiers', () => {
    expect(keySpec('j')).toEqual({ name: 'j', ctrl: false, meta: false, shift: false });
    expect(keySpec('G')).toEqual(keySpec('shift+g'));
    expect(keySpec('ctrl+C')).toEqual({ name: 'c', ctrl: true, meta: false, shift: false });
    expect(keySpec('shift+tab')).toEqual({ name: 'tab', ctrl: false, meta: false, shift: true });
    expect(keySpec('esc')).toEqual(keySpec('escape'));
    expect(keySpec('PgDn')).toEqual(keySpec('pagedown'));
    expect(keySpec('alt+x').meta).toBe(true);
    expect(keySpec('plus').name).toBe('+');
    expect(keySpec('?').name).toBe('?');
  });

  it('rejects malformed specs with a reason', () => {
    for (const bad of ['', 'ctrl+', 'hyper+j', 'ctrl+ctrl+j', 'foo', 'ctrl+1', 'shift+1', 'jj']) {
      const r = parseKeySpec(bad);
      expect(r.ok, bad).toBe(false);
    }
  });

  it('formats keys compactly for help and footer', () => {
    expect(
      ['j', 'down', 'ctrl+c', 'shift+tab', 'escape', 'enter', 'pageup'].map((k) => formatKey(keySpec(k))),
    ).toEqual(['j', '↓', '^c', 'S-Tab', 'Esc', 'Enter', 'PgUp']);
  });
});

/** Record the normalized events ink produces for raw terminal bytes. */
function Recorder({ log }: { log: KeyEvent[] }) {
  useKeyHandler(PRIORITY.global, (ev) => {
    log.push(ev);
    return true;
  });
  return <Text>rec</Text>;
}

describe('matching real ink keypresses', () => {
  const cases: [string, string, string][] = [
    ['j', 'j', 'j'],
    ['G', 'G', 'G'],
    ['shift+g', 'G', 'G'],
    ['down', KEY.down, 'down'],
    ['up', KEY.up, 'up'],
    ['left', KEY.left, 'left'],
    ['right', KEY.right, 'right'],
    ['tab', KEY.tab, 'tab'],
    ['shift+tab', KEY.shiftTab, 'shift+tab'],
    ['ctrl+x', KEY.ctrl('x'), 'ctrl+x'],
    ['ctrl+c', KEY.ctrl('c'), 'ctrl+c'],
    ['escape', KEY.escape, 'escape'],
    ['enter', KEY.enter, 'enter'],
    ['pageup', KEY.pageUp, 'pageup'],
    ['pagedown', KEY.pageDown, 'pagedown'],
    ['home', KEY.home, 'home'],
    ['end', KEY.end, 'end'],
    ['space', ' ', 'space'],
    ['1', '1', '1'],
    [':', ':', ':'],
  ];
  it.each(cases)('%s matches the bytes a terminal sends', async (spec, bytes) => {
    const log: KeyEvent[] = [];
    const app = renderUi(<Recorder log={log} />);
    await app.press(bytes);
    expect(log).toHaveLength(1);
    expect(matchesSpec(keySpec(spec), log[0]!)).toBe(true);
    app.unmount();
  });

  it('distinguishes near misses', async () => {
    const log: KeyEvent[] = [];
    const app = renderUi(<Recorder log={log} />);
    await app.press('g', KEY.tab, 'x', '\u001bj');
    const [g, tab, x, altJ] = log;
    expect(matchesSpec(keySpec('G'), g!)).toBe(false);
    expect(matchesSpec(keySpec('shift+tab'), tab!)).toBe(false);
    expect(matchesSpec(keySpec('ctrl+x'), x!)).toBe(false);
    expect(matchesSpec(keySpec('j'), altJ!)).toBe(false);
    expect(matchesSpec(keySpec('alt+j'), altJ!)).toBe(true);
    app.unmount();
  });

  it('delivers a paste as one text event that matches no binding', async () => {
    const log: KeyEvent[] = [];
    const app = renderUi(<Recorder log={log} />);
    await app.press('hello world');
    expect(log).toHaveLength(1);
    expect(log[0]!.text).toBe('hello world');
    expect(COMMAND_IDS.some((id) => commandMatches(DEFAULT_KEYMAP, id, log[0]!))).toBe(false);
    app.unmount();
  });
});

describe('keymap table and overrides', () => {
  it('the default table has no conflicts and no typed bindings in text contexts', () => {
    expect(findConflicts(DEFAULT_KEYMAP)).toEqual([]);
    expect(findTypedBindings(DEFAULT_KEYMAP)).toEqual([]);
  });

  it('applies overrides: replace, single key, unbind', () => {
    const o = parseKeymapOverrides(
      'nav.down: [j, ctrl+n]\naction.stop: X\nmail.compose: []\naction.land: null\n',
      'k.yaml',
    );
    const km = buildKeymap(o);
    expect(km.bindings['nav.down'].map(formatKey)).toEqual(['j', '^n']);
    expect(km.bindings['action.stop'].map(formatKey)).toEqual(['X']);
    expect(km.bindings['mail.compose']).toEqual([]);
    expect(km.bindings['action.land']).toEqual([]);
    expect(km.bindings['nav.up']).toEqual(DEFAULT_KEYMAP.bindings['nav.up']);
  });

  it('an empty file means defaults', () => {
    expect(parseKeymapOverrides('', 'k.yaml')).toEqual({});
    expect(parseKeymapOverrides('# only comments\n', 'k.yaml')).toEqual({});
  });

  const bad: [string, RegExp][] = [
    ['nav.dwn: j\n', /k\.yaml: \["nav\.dwn"\]: unknown command \(did you mean nav\.down\?\)/],
    ['nav.up: [k, "ctrl+"]\n', /k\.yaml: \["nav\.up"\]\[1\]: malformed key/],
    ['action.stop: hyper+x\n', /k\.yaml: \["action\.stop"\]: malformed key: .*unknown modifier/],
    ['action.stop: {a: 1}\n', /k\.yaml: \["action\.stop"\]: expected a key/],
    ['- just a list\n', /k\.yaml: .*expected record/i],
    ['nav.down: [j\n', /k\.yaml: not valid YAML/],
  ];
  it.each(bad)('rejects %j naming the file and the entry', (text, re) => {
    expect(() => parseKeymapOverrides(text, 'k.yaml')).toThrow(ConfigFileError);
    expect(() => parseKeymapOverrides(text, 'k.yaml')).toThrow(re);
  });

  it('loadKeymap rejects conflicts and typed keys, naming file and entry; missing file = defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ov-keymap-'));
    const file = join(dir, 'keymap.yaml');
    expect(loadKeymap(file)).toEqual(DEFAULT_KEYMAP);
    writeFileSync(file, 'action.stop: j\n');
    expect(() => loadKeymap(file)).toThrow(`${file}: action.stop: key j is also bound to nav.down`);
    writeFileSync(file, 'list.down: j\n');
    expect(() => loadKeymap(file)).toThrow(/list\.down: key j would be typed into the input/);
    writeFileSync(file, 'action.stop: X\n');
    expect(loadKeymap(file).bindings['action.stop'].map(formatKey)).toEqual(['X']);
  });

  it('the shipped config/keymap.yaml template parses and documents every command', () => {
    const file = join(import.meta.dirname, '../../config/keymap.yaml');
    const text = readFileSync(file, 'utf8');
    expect(loadKeymap(file)).toEqual(DEFAULT_KEYMAP);
    for (const id of COMMAND_IDS) expect(text, id).toContain(`# ${id}:`);
  });

  it('footer hints list enabled commands that apply in the context, first key only', () => {
    const hints = footerHints(DEFAULT_KEYMAP, 'polecats', [
      'action.nudge',
      'mail.reply',
      'action.stop',
      'help.toggle',
    ]);
    expect(hints.map((h) => `${h.key} ${h.hint}`)).toEqual(['n nudge', 'x stop', '? help']);
    const km = buildKeymap({ 'action.stop': ['X', 'ctrl+k'] });
    expect(footerHints(km, 'polecats', ['action.stop'])[0]!.key).toBe('X');
    expect(footerHints(buildKeymap({ 'action.stop': [] }), 'polecats', ['action.stop'])).toEqual([]);
  });
});
