import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  InvalidTmuxArgumentError,
  SessionExistsError,
  SessionNotFoundError,
  Tmux,
  TmuxError,
  TmuxMissingError,
  TmuxServerDownError,
} from '../../src/runtime/tmux.js';
import {
  killTestServer,
  readWhenWritten,
  tempDir,
  uniqueSocket,
  waitFor,
  waitForExitStatuses,
} from '../support/tmux.js';
import { local } from '../support/runner.js';

let tmux: Tmux;
let dir: ReturnType<typeof tempDir>;

beforeEach(() => {
  tmux = new Tmux({ socket: uniqueSocket('tmux'), runner: local });
  dir = tempDir();
});

afterEach(async () => {
  await killTestServer(tmux);
  dir.remove();
});

const sleeper = ['sleep', '60'];

describe('sessions', () => {
  it('creates, lists and kills sessions', async () => {
    expect(await tmux.listSessions()).toEqual([]);
    await tmux.newSession({ name: 'alpha', cwd: dir.path, command: sleeper });
    await tmux.newSession({ name: 'beta', cwd: dir.path, command: sleeper, width: 100, height: 30 });

    expect(await tmux.hasSession('alpha')).toBe(true);
    expect(await tmux.hasSession('alp')).toBe(false); // exact match, no prefix match
    const list = await tmux.listSessions();
    expect(list.map((s) => s.name).sort()).toEqual(['alpha', 'beta']);
    const alpha = list.find((s) => s.name === 'alpha');
    const now = Date.now() / 1000;
    expect(alpha).toMatchObject({ attached: 0, paneDead: false, exitStatus: null, exitSignal: null });
    expect(alpha?.panePid).toBeGreaterThan(0);
    expect(alpha?.created).toBeGreaterThan(now - 30);
    expect(alpha?.activity).toBeGreaterThan(now - 30);

    await tmux.killSession('alpha');
    expect(await tmux.hasSession('alpha')).toBe(false);
    expect((await tmux.listSessions()).map((s) => s.name)).toEqual(['beta']);
  });

  it('refuses a duplicate session name', async () => {
    await tmux.newSession({ name: 'dup', cwd: dir.path, command: sleeper });
    await expect(tmux.newSession({ name: 'dup', cwd: dir.path, command: sleeper })).rejects.toBeInstanceOf(
      SessionExistsError,
    );
  });

  it('runs in cwd with env, even with # and ; in the values', async () => {
    const out = join(dir.path, 'env.txt');
    await tmux.newSession({
      name: 'env',
      cwd: dir.path,
      env: { OV_A: '#{session_name};', OV_B: 'x y' },
      command: ['sh', '-c', 'printf "%s|%s|%s" "$PWD" "$OV_A" "$OV_B" > env.txt'],
    });
    expect(await readWhenWritten(out)).toBe(`${dir.path}|#{session_name};|x y`);
  });

  it('rejects unsafe session names before running tmux', async () => {
    for (const name of ['', 'a:b', 'a.b', 'a;', '-t', '=x', 'a b', '$1']) {
      await expect(tmux.newSession({ name, cwd: dir.path, command: sleeper })).rejects.toBeInstanceOf(
        InvalidTmuxArgumentError,
      );
    }
  });
});

describe('no shell ever interprets command arguments', () => {
  it('does not execute $(...) or ; in argv, and passes them through verbatim', async () => {
    const pwned = join(dir.path, 'pwned');
    const out = join(dir.path, 'args.txt');
    const hostile = [
      `$(touch ${pwned})`,
      `\`touch ${pwned}\``,
      `; touch ${pwned}`,
      'x;',
      'y\\;',
      '#{pane_pid}',
    ];
    await tmux.newSession({
      name: 'argv',
      cwd: dir.path,
      command: [
        'node',
        '-e',
        'require("fs").writeFileSync(process.argv[1], JSON.stringify(process.argv.slice(2)))',
        out,
        ...hostile,
      ],
    });
    expect(JSON.parse(await readWhenWritten(out))).toEqual(hostile);
    expect(existsSync(pwned)).toBe(false);
  });

  it('a trailing ";" argument cannot inject a tmux command', async () => {
    const pwned = join(dir.path, 'pwned');
    const out = join(dir.path, 'argv.json');
    const tail = ['60;', 'run-shell', `touch ${pwned}`];
    await tmux.newSession({
      name: 'semi',
      cwd: dir.path,
      command: [
        'node',
        '-e',
        'require("fs").writeFileSync(process.argv[1], JSON.stringify(process.argv.slice(2))); setInterval(() => {}, 1000)',
        out,
        ...tail,
      ],
    });
    // Positive signal: the program is running and got `60;`, `run-shell`, `touch …` as its own arguments.
    expect(JSON.parse(await readWhenWritten(out))).toEqual(tail);
    expect(existsSync(pwned)).toBe(false);
  });

  it('a single-element command is not run through sh -c', async () => {
    const pwned = join(dir.path, 'pwned');
    await tmux.newSession({ name: 'single', cwd: dir.path, command: [`touch ${pwned}`] });
    const [s] = await waitForExitStatuses(tmux, 1);
    expect(s?.exitStatus).toBe(127); // env: 'touch ...': No such file or directory
    expect(existsSync(pwned)).toBe(false);
  });
});

describe('dead panes', () => {
  it('keeps the pane after the command exits and reports its status', async () => {
    await tmux.newSession({
      name: 'crash',
      cwd: dir.path,
      command: ['sh', '-c', 'echo bye; sleep 0.3; exit 3'],
    });
    await tmux.newSession({ name: 'instant', cwd: dir.path, command: ['true', 'ignored'] });
    const dead = await waitForExitStatuses(tmux, 2);
    expect(dead.find((s) => s.name === 'crash')).toMatchObject({ paneDead: true, exitStatus: 3 });
    expect(dead.find((s) => s.name === 'instant')).toMatchObject({ paneDead: true, exitStatus: 0 });
    // The "Pane is dead" notice scrolls the screen: the output is in history.
    // (The command lingers after its last write: tmux 3.3a on Linux loses output
    // written within milliseconds of the pty closing in a few % of runs.)
    expect(await tmux.capturePane('crash', { lines: 50 })).toMatch(/bye\n[^]*Pane is dead \(status 3/);
  });
});

describe('capturePane', () => {
  it('returns the last N lines, history included', async () => {
    await tmux.newSession({
      name: 'cap',
      cwd: dir.path,
      height: 10,
      command: ['sh', '-c', 'for i in $(seq 1 50); do echo line$i; done; sleep 60'],
    });
    await waitFor(async () => ((await tmux.capturePane('cap')).includes('line50') ? true : undefined));
    expect(await tmux.capturePane('cap', { lines: 3 })).toBe('line48\nline49\nline50');
    expect((await tmux.capturePane('cap', { lines: 30 })).split('\n')).toHaveLength(30);
    expect((await tmux.capturePane('cap')).split('\n').length).toBeLessThanOrEqual(10);
  });

  it('joins wrapped lines', async () => {
    const long = 'x'.repeat(150);
    await tmux.newSession({
      name: 'wrap',
      cwd: dir.path,
      width: 40,
      command: ['sh', '-c', `echo ${long}; sleep 60`],
    });
    await waitFor(async () => ((await tmux.capturePane('wrap')).includes(long) ? true : undefined));
  });

  it('includes colour escapes only when asked', async () => {
    await tmux.newSession({
      name: 'sgr',
      cwd: dir.path,
      command: ['sh', '-c', 'printf "\\033[31mred\\033[0m\\n"; sleep 60'],
    });
    await waitFor(async () => ((await tmux.capturePane('sgr')).includes('red') ? true : undefined));
    expect(await tmux.capturePane('sgr')).not.toContain('\x1b');
    expect(await tmux.capturePane('sgr', { escapes: true })).toContain('\x1b[31m');
  });
});

describe('sending keys', () => {
  it('sends literal text (no key names, no formats, no separators) and named keys', async () => {
    const out = join(dir.path, 'typed.txt');
    await tmux.newSession({ name: 'keys', cwd: dir.path, command: ['sh', '-c', `cat > ${out}`] });
    const text = 'Enter C-c -t x; #{session_name} $(id) héllo 日本 🎉;';
    await tmux.sendLiteral('keys', text, 7); // tiny chunks: splits inside words and multi-byte runs
    await tmux.sendEnter('keys');
    await tmux.sendKeys('keys', ['C-d']);
    expect((await waitForExitStatuses(tmux, 1))[0]?.exitStatus).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(`${text}\n`);
  });

  it('paneActivity and paneCursor report the pane state', async () => {
    await tmux.newSession({ name: 'act', cwd: dir.path, command: ['sh', '-c', 'printf abc; sleep 60'] });
    await waitFor(async () => ((await tmux.capturePane('act')).includes('abc') ? true : undefined));
    expect(await tmux.paneActivity('act')).toBeGreaterThan(Date.now() / 1000 - 30);
    expect(await tmux.paneCursor('act')).toEqual({ x: 3, y: 0 });
  });
});

describe('options and windows', () => {
  it('sets options and opens panes/windows with a command', async () => {
    await tmux.newSession({ name: 'opt', cwd: dir.path, command: sleeper });
    await tmux.setOption('opt', '@ov-role', 'polecat;');
    await tmux.setOption(null, 'history-limit', '5000');
    const pane = await tmux.splitWindow({
      target: '=opt:',
      command: sleeper,
      direction: 'horizontal',
      size: '30%',
    });
    expect(pane).toMatch(/^%\d+$/);
    const win = await tmux.newWindow({ target: '=opt:', command: sleeper, name: 'w#1', detached: true });
    expect(win).toMatch(/^%\d+$/);
  });
});

describe('errors', () => {
  it('names the session that is missing', async () => {
    await tmux.newSession({ name: 'present', cwd: dir.path, command: sleeper });
    const err = await tmux.capturePane('absent').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SessionNotFoundError);
    expect(err).toBeInstanceOf(TmuxError);
    expect((err as TmuxError).code).toBe('SESSION_NOT_FOUND');
    expect((err as Error).message).toContain('absent');
    await expect(tmux.sendLiteral('absent', 'x')).rejects.toBeInstanceOf(SessionNotFoundError);
    await expect(tmux.killSession('absent')).rejects.toBeInstanceOf(SessionNotFoundError);
  });

  it('a socket with no server gives TmuxServerDownError naming the socket', async () => {
    const err = await tmux.capturePane('any').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TmuxServerDownError);
    expect((err as TmuxError).code).toBe('TMUX_SERVER_DOWN');
    expect((err as Error).message).toContain(tmux.socketLabel);
    await expect(tmux.sendEnter('any')).rejects.toBeInstanceOf(TmuxServerDownError);
    // Queries treat "no server" as "no sessions".
    expect(await tmux.hasSession('any')).toBe(false);
    expect(await tmux.listSessions()).toEqual([]);
    expect(await tmux.killServer()).toBe(false);
  });

  it('after kill-server, calls report the server down', async () => {
    await tmux.newSession({ name: 'gone', cwd: dir.path, command: sleeper });
    expect(await tmux.killServer()).toBe(true);
    await expect(tmux.capturePane('gone')).rejects.toBeInstanceOf(TmuxServerDownError);
  });

  it('a missing tmux binary gives TmuxMissingError telling to install tmux', async () => {
    const missing = new Tmux({ socket: uniqueSocket('missing'), bin: '/nonexistent/tmux', runner: local });
    const err = await missing.listSessions().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TmuxMissingError);
    expect((err as Error).message).toMatch(/install tmux/i);
    await expect(missing.version()).rejects.toBeInstanceOf(TmuxMissingError);
  });

  it('works with TMUX set in the environment (nested use)', async () => {
    const saved = process.env.TMUX;
    process.env.TMUX = '/tmp/not-a-real-socket,1,0';
    try {
      await tmux.newSession({ name: 'nested', cwd: dir.path, command: sleeper });
      expect(await tmux.hasSession('nested')).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.TMUX;
      else process.env.TMUX = saved;
    }
  });
});
