import { describe, expect, it } from 'vitest';
import {
  commandArgs,
  envArgs,
  escapeArg,
  escapeFormat,
  paneTarget,
  sessionTarget,
} from '../../src/runtime/tmux-args.js';
import { InvalidTmuxArgumentError } from '../../src/runtime/tmux-errors.js';
import { parseSessionLine, SESSION_FORMAT } from '../../src/runtime/tmux-list.js';

describe('escapeArg', () => {
  it.each([
    ['plain', 'plain'],
    ['a;', 'a\\;'],
    [';', '\\;'],
    ['a\\;', 'a\\\\;'],
    [';a', ';a'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(escapeArg(input)).toBe(expected);
  });
});

describe('escapeFormat', () => {
  it('doubles #', () => expect(escapeFormat('/a/#{x}/##')).toBe('/a/##{x}/####'));
});

describe('targets and names', () => {
  it('targets sessions exactly', () => {
    expect(sessionTarget('rig-toast')).toBe('=rig-toast');
    expect(paneTarget('rig_1')).toBe('=rig_1:');
  });

  it.each(['', 'a.b', 'a:b', 'a;', 'a b', '-x', '=x', '$1', '%1', 'é', 'x'.repeat(129)])(
    'rejects %j',
    (name) => {
      expect(() => sessionTarget(name)).toThrow(InvalidTmuxArgumentError);
    },
  );
});

describe('commandArgs', () => {
  it('puts the argv after --, escaped', () => {
    expect(commandArgs(['sh', '-c', 'x;'])).toEqual(['--', 'sh', '-c', 'x\\;']);
  });
  it('wraps a lone program so tmux does not use sh -c', () => {
    expect(commandArgs(['claude'])).toEqual(['--', 'env', '--', 'claude']);
  });
  it('rejects an empty command', () => {
    expect(() => commandArgs([])).toThrow(InvalidTmuxArgumentError);
  });
});

describe('envArgs', () => {
  it('builds -e pairs, escaping values', () => {
    expect(envArgs({ A: '1', B: 'x;' })).toEqual(['-e', 'A=1', '-e', 'B=x\\;']);
    expect(envArgs(undefined)).toEqual([]);
  });
  it.each(['1A', 'A-B', 'A=B', ''])('rejects name %j', (name) => {
    expect(() => envArgs({ [name]: 'v' })).toThrow(InvalidTmuxArgumentError);
  });
});

describe('parseSessionLine', () => {
  it('uses a format with the name last', () => {
    expect(SESSION_FORMAT.endsWith('#{session_name}')).toBe(true);
  });
  it.each([
    [
      'live',
      '100\t200\t1\t4242\t0\t\t\tagent',
      {
        name: 'agent',
        created: 100,
        activity: 200,
        attached: 1,
        panePid: 4242,
        paneDead: false,
        exitStatus: null,
        exitSignal: null,
      },
    ],
    ['dead with status', '1\t2\t0\t7\t1\t3\t\tx', { paneDead: true, exitStatus: 3, exitSignal: null }],
    ['dead by signal', '1\t2\t0\t7\t1\t\t9\tx', { paneDead: true, exitStatus: null, exitSignal: 9 }],
    ['tab in name', '1\t2\t0\t7\t0\t\t\ta\tb', { name: 'a\tb' }],
  ])('%s', (_n, line, expected) => {
    expect(parseSessionLine(line)).toMatchObject(expected);
  });
  it('rejects a short line', () => expect(parseSessionLine('1\t2')).toBeNull());
});
