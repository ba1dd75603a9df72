import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliverNudge } from '../../src/runtime/nudge.js';
import { SessionNotFoundError, Tmux } from '../../src/runtime/tmux.js';
import { killTestServer, readWhenWritten, tempDir, uniqueSocket, waitFor } from '../support/tmux.js';
import { local } from '../support/runner.js';

// Reads one line in the tty's normal (cooked) mode and writes it to argv[1].
const LINE_READER = `
const fs = require('fs');
require('readline').createInterface({ input: process.stdin }).once('line', (l) => {
  fs.writeFileSync(process.argv[1], l);
  process.exit(0);
});
console.log('READY');`;

// A raw-mode "TUI" that echoes input and ignores the first Enter it gets.
const SWALLOWS_FIRST_ENTER = `
const fs = require('fs');
process.stdin.setRawMode(true);
let buf = '';
let enters = 0;
process.stdin.on('data', (d) => {
  for (const ch of d.toString('utf8')) {
    if (ch !== '\\r') { buf += ch; process.stdout.write(ch); continue; }
    if (++enters === 1) continue;
    fs.writeFileSync(process.argv[1], buf);
    process.stdout.write('\\r\\nOK\\r\\n');
    setTimeout(() => process.exit(0), 50);
  }
});
process.stdout.write('READY\\r\\n');`;

// A raw-mode program that never reacts to anything.
const DEAF = `process.stdin.setRawMode(true); process.stdin.on('data', () => {}); console.log('READY');`;

let tmux: Tmux;
let dir: ReturnType<typeof tempDir>;

beforeEach(() => {
  tmux = new Tmux({ socket: uniqueSocket('nudge'), runner: local });
  dir = tempDir();
});

afterEach(async () => {
  await killTestServer(tmux);
  dir.remove();
});

async function start(name: string, script: string): Promise<string> {
  const out = join(dir.path, `${name}.out`);
  await tmux.newSession({ name, cwd: dir.path, command: [process.execPath, '-e', script, out] });
  await waitFor(
    async () => ((await tmux.capturePane(name)).split('\n').includes('READY') ? true : undefined),
    {
      what: `${name} ready`,
    },
  );
  return out;
}

function nudgeMessage(chars: number): string {
  const unit = `fix #{session_name} $(touch pwned) ; "dq" 'sq' \\ back; héllo 日本 🎉 -t C-c Enter `;
  let msg = '';
  while (Array.from(msg).length < chars) msg += unit;
  return `${Array.from(msg)
    .slice(0, chars - 1)
    .join('')}Z`;
}

describe('deliverNudge', () => {
  it('delivers a 2,000 character message whole to a process reading a line', async () => {
    const out = await start('reader', LINE_READER);
    const message = nudgeMessage(2000);
    expect(Array.from(message)).toHaveLength(2000);

    const result = await deliverNudge(tmux, 'reader', message);
    expect(result).toMatchObject({ delivered: true, attempts: 1 });
    expect(await readWhenWritten(out)).toBe(message);
    expect(existsSync(join(dir.path, 'pwned'))).toBe(false);
  });

  it('sends a multi-line, escape-laden message as one clean line', async () => {
    const out = await start('clean', LINE_READER);
    const result = await deliverNudge(
      tmux,
      'clean',
      'first line\nsecond\tpart\x1b]0;title\x07 \x1b[31mred\x1b[0m\r\n',
    );
    expect(result.delivered).toBe(true);
    expect(await readWhenWritten(out)).toBe('first line second part red');
  });

  it('presses Enter again when the first one is swallowed, without retyping the text', async () => {
    const out = await start('tui', SWALLOWS_FIRST_ENTER);
    const result = await deliverNudge(tmux, 'tui', 'please run the tests', { verifyTimeoutMs: 800 });
    expect(result).toMatchObject({ delivered: true, attempts: 2 });
    expect(await readWhenWritten(out)).toBe('please run the tests');
  });

  it('gives up after the retries when the pane never reacts', async () => {
    await start('deaf', DEAF);
    const result = await deliverNudge(tmux, 'deaf', 'hello?', { retries: 2, verifyTimeoutMs: 300 });
    expect(result).toMatchObject({ delivered: false, attempts: 2 });
    expect(result.detail).toMatch(/not seen.*no visible reaction to 2 Enter presses/);
  });

  it('does not type into a dead pane', async () => {
    await tmux.newSession({ name: 'dead', cwd: dir.path, command: ['true', 'x'] });
    await waitFor(async () => ((await tmux.listSessions())[0]?.paneDead ? true : undefined));
    const result = await deliverNudge(tmux, 'dead', 'hello');
    expect(result).toMatchObject({ delivered: false, attempts: 0 });
    expect(result.detail).toContain('dead');
  });

  it('sends nothing for an empty message', async () => {
    await start('empty', LINE_READER);
    expect(await deliverNudge(tmux, 'empty', ' \n\x1b[0m\t')).toMatchObject({
      delivered: false,
      attempts: 0,
    });
  });

  it('reports a missing session as SessionNotFoundError', async () => {
    await start('other', LINE_READER);
    await expect(deliverNudge(tmux, 'missing', 'hi')).rejects.toBeInstanceOf(SessionNotFoundError);
  });
});
