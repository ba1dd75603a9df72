import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BeadsLog } from '../src/town/beads-log.js';
import { readyWork } from '../src/town/ready.js';
import { TownPaths } from '../src/town/paths.js';
import type { Bead } from '../src/town/schemas/bead.js';
import { generateSyntheticTown } from './synthetic-town.js';
import { type BenchRow, median, ms, percentile } from './types.js';

/** Issue 2's figures: load, ready work, append latency and tail reads on a 100,000-issue log. */
export async function runFoundationBench(): Promise<BenchRow[]> {
  const root = mkdtempSync(join(tmpdir(), 'ov-bench-found-'));
  const rows: BenchRow[] = [];
  const g = 'foundation';
  try {
    generateSyntheticTown(root, { rigs: 1, issues: 100_000, dependencies: 50_000, mails: 0, polecats: 0 });
    const path = new TownPaths(root).rig('rig0').beads;

    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    let t = process.hrtime.bigint();
    const log = new BeadsLog(path, 'r0');
    const all = log.all();
    const loadMs = ms(t);
    const rss1 = process.memoryUsage().rss;
    rows.push({
      group: g,
      name: `load 100,000-issue beads log (${all.size} records)`,
      value: loadMs,
      unit: 'ms',
    });
    rows.push({ group: g, name: 'RSS growth after load', value: (rss1 - rss0) / 2 ** 20, unit: 'MiB' });

    const readyTimes: number[] = [];
    let readyCount = 0;
    for (let i = 0; i < 7; i++) {
      t = process.hrtime.bigint();
      readyCount = readyWork(all).length;
      readyTimes.push(ms(t));
    }
    rows.push({
      group: g,
      name: `ready work, 100,000 issues / 50,000 deps (${readyCount} ready), median of 7`,
      value: median(readyTimes),
      unit: 'ms',
      aim: '< 100 ms',
      ok: median(readyTimes) < 100,
    });

    const appendTimes: number[] = [];
    const now = new Date().toISOString();
    const rec = (i: number): Bead => ({
      version: 1,
      id: `r0-zz${i.toString(36)}`,
      title: `appended ${i}`,
      description: '',
      status: 'open',
      priority: 2,
      issue_type: 'task',
      labels: [],
      dependencies: [],
      created_at: now,
      updated_at: now,
    });
    for (let i = 0; i < 200; i++) {
      t = process.hrtime.bigint();
      await log.log.append([rec(i)]);
      appendTimes.push(ms(t));
    }
    rows.push({
      group: g,
      name: 'append one record (locked, fsynced), median of 200',
      value: median(appendTimes),
      unit: 'ms',
    });
    rows.push({ group: g, name: 'append one record, p95', value: percentile(appendTimes, 95), unit: 'ms' });

    const tailTimes: number[] = [];
    let cursor = log.log.readAll().cursor;
    for (let round = 0; round < 20; round++) {
      await log.log.append(Array.from({ length: 100 }, (_, i) => rec(1000 + round * 100 + i)));
      t = process.hrtime.bigint();
      const chunk = log.log.readFrom(cursor);
      tailTimes.push(ms(t));
      if (chunk.records.length !== 100)
        throw new Error(`tail read returned ${chunk.records.length} records, expected 100`);
      cursor = chunk.cursor;
    }
    rows.push({
      group: g,
      name: 'tail read of 100 new records in a 100,000-record log, median of 20',
      value: median(tailTimes),
      unit: 'ms',
      aim: '< 5 ms',
      ok: median(tailTimes) < 5,
    });
    // What every idle watcher event or daemon tick pays: a stat plus the in-place-rewrite check.
    const idleTimes: number[] = [];
    for (let i = 0; i < 200; i++) {
      t = process.hrtime.bigint();
      const chunk = log.log.readFrom(cursor);
      idleTimes.push(ms(t));
      if (chunk.reset || chunk.records.length !== 0) throw new Error('idle read found changes');
    }
    rows.push({
      group: g,
      name: 'read with nothing new (stat + rewrite check) in a 100,000-record log, median of 200',
      value: median(idleTimes),
      unit: 'ms',
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return rows;
}
