import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverNudge } from '../../src/runtime/nudge.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { createIssue } from '../../src/town/issues.js';
import { readPolecat } from '../../src/town/polecat-state.js';
import { ov } from '../support/cli.js';
import { local } from '../support/runner.js';
import { makeTown, waitFor, type TownFixture } from '../support/town-fixture.js';
import { killTestServer, readWhenWritten, tempDir, uniqueSocket } from '../support/tmux.js';

/**
 * Defect 6 (long nudge) of issue 17: a 10,000-character nudge was reported
 * delivered while the agent got 4,095 characters, the cooked-mode line
 * limit: delivery only looked at the end of the text. A nudge is now never
 * reported delivered when cut: a polecat gets a long message whole through a
 * file the typed line points to, and the raw delivery refuses what a
 * terminal line cannot hold.
 */

// Reads one line in the tty's normal (cooked) mode and writes it to argv[1].
const LINE_READER = `
const fs = require('fs');
require('readline').createInterface({ input: process.stdin }).once('line', (l) => {
  fs.writeFileSync(process.argv[1], l);
  process.exit(0);
});
console.log('READY');`;

const LONG = Array.from({ length: 1100 }, (_, i) => `w${String(i).padStart(4, '0')}-word`)
  .join(' ')
  .slice(0, 10_000);

let fx: TownFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

describe('a 10,000-character nudge', () => {
  it('into a cooked-mode terminal line is never reported delivered unless it arrived whole', async () => {
    expect(LONG).toHaveLength(10_000);
    const tmux = local.tmux({ socket: uniqueSocket('longnudge') });
    const dir = tempDir();
    try {
      const out = join(dir.path, 'got');
      await tmux.newSession({
        name: 'reader',
        cwd: dir.path,
        command: [process.execPath, '-e', LINE_READER, out],
      });
      await waitFor('the reader', async () => (await tmux.capturePane('reader')).includes('READY'));
      const r = await deliverNudge(tmux, 'reader', LONG, { verifyTimeoutMs: 1500 });
      if (r.delivered) expect(await readWhenWritten(out)).toBe(LONG);
      else {
        expect(r.attempts).toBe(0);
        expect(r.detail).toMatch(/10000 characters/);
        expect(existsSync(out)).toBe(false);
      }
    } finally {
      await killTestServer(tmux);
      dir.remove();
    }
  });

  it('to a polecat arrives whole: the typed line points to a file holding all of it', async () => {
    fx = await makeTown();
    const f = fx;
    const issue = await createIssue(f.town, 'web', { title: 'Listen', labels: ['stall'] });
    const { polecat } = await spawnPolecat(f.town, { issue: issue.id, runner: local, tmux: f.tmux });
    const promptFile = () => readPolecat(f.town.rigPaths('web'), polecat.name)?.prompt_file;
    await waitFor('the agent to start', async () =>
      (await f.tmux.capturePane(polecat.session)).includes('esc to interrupt'),
    );
    const r = await ov(['nudge', polecat.name, LONG], {
      cwd: f.town.root,
      env: { OVERSEER_TMUX_SOCKET: f.socket },
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^delivered/);
    const received = await waitFor('the agent to read a line', () => {
      const file = `${promptFile()}.received`;
      return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).at(-1) : undefined;
    });
    // The agent got either the whole text, or a line naming a file that holds the whole text.
    if (received.length === LONG.length) expect(received).toBe(LONG);
    else {
      const named = /(\/\S+\.md)/.exec(received)?.[1];
      expect(named, received).toBeDefined();
      expect(readFileSync(named!, 'utf8')).toBe(LONG);
      expect(r.stdout).toContain(named!);
    }
  });
});
