import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSyntheticTown } from './synthetic-town.js';
import type { BenchRow } from './types.js';

export const COCKPIT_TOWN_ENV = 'OVERSEER_BENCH_COCKPIT_TOWN';
const OUT_ENV = 'OVERSEER_BENCH_COCKPIT_OUT';

/**
 * The cockpit suite. The synthetic town (200 polecats, 20,000 issues, 5,000
 * mails) is generated here; the cockpit is measured in a fresh child process
 * (`node dist/bench.js cockpit` with the town in the environment), so its RSS
 * and CPU are the cockpit's own, as when an operator opens an existing town.
 * React and Ink are their production builds, bundled as in `overseer cockpit`.
 */
export async function runCockpitBench(): Promise<BenchRow[]> {
  const childTown = process.env[COCKPIT_TOWN_ENV];
  if (childTown) {
    const { runCockpitBenchNow } = await import('./cockpit-run.js');
    const rows = await runCockpitBenchNow(childTown);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(process.env[OUT_ENV]!, JSON.stringify(rows));
    return rows;
  }
  const root = mkdtempSync(join(tmpdir(), 'ov-bench-cockpit-'));
  try {
    generateSyntheticTown(root, {
      rigs: 4,
      issues: 20_000,
      dependencies: 10_000,
      mails: 5_000,
      polecats: 200,
    });
    const out = join(root, '.bench-rows.json');
    await new Promise<void>((resolve, reject) =>
      execFile(
        process.execPath,
        [...process.execArgv, process.argv[1]!, 'cockpit'],
        { env: { ...process.env, [COCKPIT_TOWN_ENV]: root, [OUT_ENV]: out }, maxBuffer: 1 << 20 },
        (err, _stdout, stderr) =>
          err ? reject(new Error(`cockpit bench child failed: ${stderr || err.message}`)) : resolve(),
      ),
    );
    return JSON.parse(readFileSync(out, 'utf8')) as BenchRow[];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
