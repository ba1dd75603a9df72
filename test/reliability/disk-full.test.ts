import { execa } from 'execa';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createIssue } from '../../src/town/issues.js';
import { installTown } from '../../src/town/install.js';
import { sendMail } from '../../src/town/mail.js';
import { addRig } from '../../src/town/rigs.js';
import { rigGit } from '../../src/runtime/git.js';
import { local } from '../support/runner.js';
import type { Town } from '../../src/town/town.js';
import { makeOrigin } from '../support/git.js';
import { OVERSEER_BIN, ov, ovJson } from '../support/cli.js';
import { readHeartbeat } from '../../src/daemon/heartbeat.js';
import { waitFor } from '../support/town-fixture.js';
import { SmallDisk } from '../support/small-disk.js';
import { tempDir } from '../support/tmp.js';

/**
 * Defect 1 of issue 17: on a full disk, `issue create` and `mail send`
 * exited 0 and left a partial line. Every write is now whole or fails with
 * a clear "disk full" naming the file, exit 1, and nothing partial on disk.
 */

const WRITER = fileURLToPath(new URL('../fixtures/disk-writer.ts', import.meta.url));
const PAGE = 4096;
const BIG = 'y'.repeat(3 * 4096);

let disk: SmallDisk;
let n = 0;
const towns: string[] = [];

beforeAll(() => {
  disk = SmallDisk.open(16);
  // Which way the disk was made small, for the report.
  console.info(
    `disk-full tests: ${disk.mode === 'tmpfs' ? 'a 16 MiB tmpfs' : 'prlimit --fsize'} at ${disk.dir}`,
  );
});
afterEach(() => {
  disk.release();
  while (towns.length) rmSync(towns.pop()!, { recursive: true, force: true });
});
afterAll(() => disk.close());

async function townOnDisk(): Promise<Town> {
  const { bare } = makeOrigin(tempDir());
  const dir = join(disk.dir, `town${++n}`);
  towns.push(dir);
  const town = installTown({ dir, name: 'full' });
  await addRig(town, { name: 'web', source: bare, prefix: 'web' }, rigGit(local));
  return town;
}

const bytes = (file: string) => readFileSync(file);

/** The failed command's stderr: one clear line naming the file, no stack trace. */
function expectDiskFull(r: { exitCode: number; stderr: string; stdout: string }, file: string): void {
  expect(r.exitCode, r.stderr).toBe(1);
  expect(r.stderr).toContain(`disk full: cannot write ${file}`);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(r.stdout).toBe('');
}

describe.each([
  ['cut short (one page left)', PAGE],
  ['no room at all', 0],
])('a full disk, %s', (_label, room) => {
  it('issue create fails naming the log, leaves no partial line, and the log is whole once space is back', async () => {
    const town = await townOnDisk();
    const log = town.rigPaths('web').beads;
    const kept = await createIssue(town, 'web', { title: 'kept' });
    const before = bytes(log);
    disk.squeeze(room, log);
    const r = await disk.run(['issue', 'create', 'web', '--title', 'lost?', '--description', BIG], {
      cwd: town.root,
    });
    expectDiskFull(r, log);
    expect(bytes(log).equals(before)).toBe(true);
    disk.release();
    const doctor = await ov(['doctor'], { cwd: town.root });
    expect(doctor.stdout.trim()).toBe('town is healthy');
    const list = await ovJson<{ id: string }[]>(['issue', 'list'], { cwd: town.root });
    expect(list.map((i) => i.id)).toEqual([kept.id]);
  });

  it('mail send fails naming the town log and leaves it as it was', async () => {
    const town = await townOnDisk();
    const log = town.paths.townBeads;
    await sendMail(town, { to: 'mayor', subject: 'first', body: '' });
    const before = bytes(log);
    disk.squeeze(room, log);
    const r = await disk.run(['mail', 'send', 'mayor', '--subject', 'hi', '--body', BIG], { cwd: town.root });
    expectDiskFull(r, log);
    expect(bytes(log).equals(before)).toBe(true);
  });
});

describe('every CLI write on a full disk is a clear error naming the file', () => {
  it('issue update, issue close, mail read', async () => {
    const town = await townOnDisk();
    const a = await createIssue(town, 'web', { title: 'a', description: BIG });
    const m = await sendMail(town, { to: 'mayor', subject: 'hello', body: BIG });
    const rigLog = town.rigPaths('web').beads;
    const townLog = town.paths.townBeads;
    disk.squeeze(0, rigLog);
    expectDiskFull(await disk.run(['issue', 'update', a.id, '--priority', '1'], { cwd: town.root }), rigLog);
    expectDiskFull(await disk.run(['issue', 'close', a.id], { cwd: town.root }), rigLog);
    disk.squeeze(0, townLog);
    expectDiskFull(await disk.run(['mail', 'read', m.id], { cwd: town.root }), townLog);
    disk.release();
    const shown = await ovJson<{ status: string; priority: number }>(['issue', 'show', a.id], {
      cwd: town.root,
    });
    expect(shown).toMatchObject({ status: 'open', priority: 2 });
  });

  it('spawn fails naming the polecat state file and leaves no polecat behind', async () => {
    const town = await townOnDisk();
    const a = await createIssue(town, 'web', { title: 'a' });
    const rp = town.rigPaths('web');
    disk.squeeze(0);
    const r = await disk.run(['spawn', a.id, '--agent', 'scripted'], {
      cwd: town.root,
      env: { OVERSEER_TMUX_SOCKET: `ov-full-${process.pid}-${n}` },
    });
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`disk full: cannot write ${rp.polecatStateDir}/`));
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(readdirSync(rp.polecatStateDir).filter((f) => f.endsWith('.json'))).toEqual([]);
    expect(existsSync(rp.worktree('furiosa'))).toBe(false);
  });

  it('daemon --once and refinery process fail naming the file', async () => {
    const town = await townOnDisk();
    disk.squeeze(0);
    const once = await disk.run(['daemon', '--once'], { cwd: town.root });
    expectDiskFull(once, town.paths.daemonPid);
    const ref = await disk.run(['refinery', 'process', 'web'], { cwd: town.root });
    expect(ref.exitCode, ref.stderr).toBe(1);
    expect(ref.stderr).toMatch(/disk full: cannot write \S+refinery\/process\.pid/);
    expect(ref.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('daemon --detach on a full disk says why it did not start', async () => {
    const town = await townOnDisk();
    disk.squeeze(0);
    const r = await disk.run(['daemon', '--detach'], { cwd: town.root });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('the daemon did not start');
    expect(r.stderr).toContain(`disk full: cannot write ${town.paths.daemonPid}`);
  });
});

describe('a running daemon on a full disk', () => {
  it('keeps running, and its heartbeat resumes once space is back', async (ctx) => {
    // The fsize-limit stand-in cannot fill a disk under a process already running.
    if (disk.mode !== 'tmpfs') return ctx.skip();
    const town = await townOnDisk();
    writeFileSync(town.paths.configFile('daemon.yaml'), 'version: 1\ntick_interval: 200ms\n');
    const daemon = execa('node', [OVERSEER_BIN, '--town', town.root, 'daemon'], {
      reject: false,
      stdin: 'ignore',
      env: { OVERSEER_TMUX_SOCKET: `ov-full-d-${process.pid}` },
    });
    let out = '';
    daemon.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const beat = () => readHeartbeat(town.paths)?.at;
      await waitFor('the first heartbeat', () => beat());
      disk.squeeze(0);
      // A heartbeat write failed for want of space (a page freed by the daemon itself may let a
      // later one through: that is the disk, not the daemon)...
      await waitFor('a failed heartbeat write', () => {
        disk.topUp();
        return out.includes('heartbeat not written') || undefined;
      });
      await new Promise((r) => setTimeout(r, 1000));
      expect(daemon.exitCode).toBeNull(); // ...and the daemon is still running
      const stale = beat();
      disk.release();
      await waitFor('a new heartbeat', () => (beat() !== stale ? true : undefined));
    } finally {
      daemon.kill('SIGTERM');
      await daemon;
    }
    const log = String((await daemon).stdout);
    expect(log).toContain(`heartbeat not written: disk full: cannot write ${town.paths.daemonHeartbeat}`);
  });
});

describe('the core writers on a full disk', () => {
  it.each([
    ['a JSONL append', 'append'],
    ['an atomic JSON replace', 'json'],
    ['a whole-file replace', 'replace'],
    ['a text append', 'append-text'],
  ])('%s is whole or fails naming the file, leaving the old bytes and no temp file', async (_label, op) => {
    const dir = join(disk.dir, `w${++n}`);
    towns.push(dir);
    const file = join(dir, 'target.json');
    const first = await disk.runScript(WRITER, [op, file, '100']);
    expect(JSON.parse(first)).toEqual({ ok: true });
    const before = bytes(file);
    disk.squeeze(PAGE, file);
    const out = JSON.parse(await disk.runScript(WRITER, [op, file, String(3 * PAGE)])) as {
      ok: boolean;
      code?: string;
      message?: string;
    };
    expect(out).toMatchObject({ ok: false, code: 'disk-full' });
    expect(out.message).toContain(`disk full: cannot write ${file}`);
    expect(bytes(file).equals(before)).toBe(true);
    expect(readdirSync(dir)).toEqual(['target.json']);
  });
});
