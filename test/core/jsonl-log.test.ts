import { execa } from 'execa';
import { appendFileSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JsonlLog, latestById } from '../../src/core/jsonl-log.js';
import { Bead } from '../../src/town/schemas/bead.js';
import { ov, ovJson } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';
import { townWithRig } from '../support/town.js';

const WORKER = fileURLToPath(new URL('../fixtures/append-worker.ts', import.meta.url));
const worker = (path: string, count: number, tag: string, size = 0) =>
  execa('node', ['--import', 'tsx', WORKER, path, String(count), tag, String(size)], { reject: false });

const rec = (id: string, title = id) => {
  const now = new Date().toISOString();
  return {
    version: 1 as const,
    id,
    title,
    description: '',
    status: 'open' as const,
    priority: 2,
    issue_type: 'task' as const,
    labels: [],
    dependencies: [],
    created_at: now,
    updated_at: now,
  };
};

describe('append-only JSONL log', () => {
  it('4 processes appending 250 records each end with exactly 1,000 intact records', async () => {
    const path = join(tempDir(), 'issues.jsonl');
    const runs = await Promise.all(['a', 'b', 'c', 'd'].map((t) => worker(path, 250, t)));
    for (const r of runs) expect(r.exitCode, String(r.stderr)).toBe(0);
    const chunk = new JsonlLog(path, Bead).readAll();
    expect(chunk.problems).toEqual([]);
    expect(chunk.records).toHaveLength(1000);
    expect(new Set(chunk.records.map((r) => r.id)).size).toBe(1000);
    expect(readFileSync(path, 'utf8').split('\n').filter(Boolean)).toHaveLength(1000);
  });

  it('a writer killed with SIGKILL in a tight append loop leaves a log that still loads; doctor --fix removes the torn tail', async () => {
    const { town } = await townWithRig();
    const path = town.rigPaths('web').beads;
    // Records of 8 MiB: the kernel stops a write to a file between pages when a
    // fatal signal arrives, so a kill during one leaves a torn last line.
    let torn = false;
    for (let round = 0; round < 12 && !torn; round++) {
      const child = execa('node', ['--import', 'tsx', WORKER, path, '0', `k${round}x`, String(8 * 2 ** 20)], {
        reject: false,
      });
      await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 200));
      child.kill('SIGKILL');
      await child;
      const chunk = new JsonlLog(path, Bead).readAll();
      expect(chunk.records.length).toBeGreaterThan(0);
      expect(chunk.problems.filter((p) => p.kind !== 'torn-tail' && p.kind !== 'syntax')).toEqual([]);
      torn = chunk.pendingBytes > 0;
    }
    // The town still works whatever the kills hit. Most runs tear a line (the kill lands
    // inside a write); then doctor names it and --fix leaves the log healthy. A run where
    // every kill fell between writes (a loaded machine) must show a healthy log.
    expect((await ov(['status'], { cwd: town.root })).exitCode).toBe(0);
    const check = await ov(['doctor'], { cwd: town.root });
    if (torn) {
      expect(check.exitCode).toBe(1);
      expect(check.stdout).toContain(`${path}:`);
      expect(check.stdout).toMatch(/incomplete last line/);
      const fixed = await ov(['doctor', '--fix'], { cwd: town.root });
      expect(fixed.stdout).toMatch(/fixed: removed \d+ torn line/);
      expect((await ov(['doctor'], { cwd: town.root })).exitCode).toBe(0);
    } else {
      expect(check.stdout).not.toMatch(/incomplete last line/);
      expect(check.exitCode).toBe(0);
    }
    const after = new JsonlLog(path, Bead).readAll();
    expect(after.problems).toEqual([]);
    expect(after.records.length).toBeGreaterThan(0);
  }, 180_000);

  it('tolerates and reports a torn last line; doctor --fix removes it', async () => {
    const { town } = await townWithRig();
    const path = town.rigPaths('web').beads;
    const log = new JsonlLog(path, Bead);
    await log.append([rec('web-aaaa'), rec('web-bbbb')]);
    // A crash part way through a write: the last record is cut short, no newline.
    const full = statSync(path).size;
    appendFileSync(path, JSON.stringify(rec('web-cccc')));
    truncateSync(path, full + 40);

    const chunk = log.readAll();
    expect(chunk.records.map((r) => r.id)).toEqual(['web-aaaa', 'web-bbbb']);
    expect(chunk.problems).toHaveLength(1);
    expect(chunk.problems[0]).toMatchObject({ kind: 'torn-tail', line: 3 });

    const list = await ovJson<{ id: string }[]>(['issue', 'list'], { cwd: town.root });
    expect(list.map((i) => i.id).sort()).toEqual(['web-aaaa', 'web-bbbb']);
    const check = await ov(['doctor'], { cwd: town.root });
    expect(check.exitCode).toBe(1);
    expect(check.stdout).toContain(`${path}:3: incomplete last line`);
    const fixed = await ov(['doctor', '--fix'], { cwd: town.root });
    expect(fixed.exitCode).toBe(0);
    expect(fixed.stdout).toMatch(/fixed: removed 1 torn line/);
    expect(readFileSync(path, 'utf8').endsWith('\n')).toBe(true);
    expect(log.readAll().problems).toEqual([]);
  });

  it('an append after a torn tail fences it off so the new record stays whole', async () => {
    const path = join(tempDir(), 'log.jsonl');
    const log = new JsonlLog(path, Bead);
    await log.append([rec('web-aaaa')]);
    appendFileSync(path, '{"id":"web-tor');
    await log.append([rec('web-bbbb')]);
    const chunk = log.readAll();
    expect(chunk.records.map((r) => r.id)).toEqual(['web-aaaa', 'web-bbbb']);
    expect(chunk.problems.map((p) => p.kind)).toEqual(['syntax']);
    expect(await log.dropTornLines()).toBe(1);
    expect(log.readAll().problems).toEqual([]);
  });

  it('reads incrementally from an offset, and notices a compaction', async () => {
    const path = join(tempDir(), 'log.jsonl');
    const log = new JsonlLog(path, Bead);
    await log.append([rec('web-aaaa', 'v1'), rec('web-bbbb')]);
    const first = log.readAll();
    await log.append([rec('web-aaaa', 'v2')]);
    const next = log.readFrom(first.cursor);
    expect(next.reset).toBe(false);
    expect(next.records.map((r) => r.title)).toEqual(['v2']);
    expect(log.readFrom(next.cursor).records).toEqual([]);

    // A line being written (no newline yet) is not consumed until it is whole.
    appendFileSync(path, JSON.stringify(rec('web-cccc')).slice(0, 20));
    const partial = log.readFrom(next.cursor);
    expect(partial.records).toEqual([]);
    expect(partial.cursor.offset).toBe(next.cursor.offset);
    writeFileSync(
      path,
      readFileSync(path, 'utf8').slice(0, next.cursor.offset) + JSON.stringify(rec('web-cccc')) + '\n',
    );
    expect(log.readFrom(partial.cursor).records.map((r) => r.id)).toEqual(['web-cccc']);

    const before = log.readAll().cursor;
    const c = await log.compact((r) => r.id);
    expect(c).toEqual({ before: 4, after: 3 });
    const after = log.readFrom(before);
    expect(after.reset).toBe(true);
    expect(latestById(after.records, (r) => r.id).get('web-aaaa')?.title).toBe('v2');
  });

  it('reports records of a newer version instead of guessing', () => {
    const path = join(tempDir(), 'log.jsonl');
    writeFileSync(
      path,
      JSON.stringify({ ...rec('web-aaaa'), version: 2 }) + '\n' + JSON.stringify(rec('web-bbbb')) + '\n',
    );
    const chunk = new JsonlLog(path, Bead).readAll();
    expect(chunk.records.map((r) => r.id)).toEqual(['web-bbbb']);
    expect(chunk.problems[0]?.message).toMatch(/version 2 is newer/);
  });
});
