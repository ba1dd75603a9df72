import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BeadsLog } from '../src/town/beads-log.js';
import { importIssues } from '../src/town/issue-transfer.js';
import { readyWork } from '../src/town/ready.js';
import { Town } from '../src/town/town.js';
import { bdExport } from './bd-export.js';
import { generateSyntheticTown } from './synthetic-town.js';
import { type BenchRow, median, ms } from './types.js';

/** Issue 16's figures: import of a 100,000-record bd export, and ready work over it. */
export async function runBeadsBench(): Promise<BenchRow[]> {
  const root = mkdtempSync(join(tmpdir(), 'ov-bench-beads-'));
  const rows: BenchRow[] = [];
  const g = 'beads';
  try {
    generateSyntheticTown(root, { rigs: 1, issues: 0, dependencies: 0, mails: 0, polecats: 0 });
    const town = Town.open(root);
    const text = bdExport(100_000);
    const file = join(root, 'bd-export.jsonl');
    writeFileSync(file, text);

    global.gc?.();
    let t = process.hrtime.bigint();
    const first = await importIssues(town, 'rig0', text, { source: file });
    rows.push({
      group: g,
      name: `import a 100,000-record bd export into an empty rig (${first.created.length} created, prefixes ${first.learned.join(', ')})`,
      value: ms(t),
      unit: 'ms',
    });
    t = process.hrtime.bigint();
    const again = await importIssues(town, 'rig0', text, { source: file });
    rows.push({
      group: g,
      name: `import the same export again (${again.unchanged} unchanged, nothing written)`,
      value: ms(t),
      unit: 'ms',
    });

    global.gc?.();
    t = process.hrtime.bigint();
    const inPlace = new BeadsLog(file, 'bx').all();
    rows.push({
      group: g,
      name: `read the bd export in place as a rig log (${inPlace.size} issues, ${inPlace.deleted.size} tombstones)`,
      value: ms(t),
      unit: 'ms',
    });

    global.gc?.();
    t = process.hrtime.bigint();
    const issues = new BeadsLog(town.rigPaths('rig0').beads, 'r0').all();
    rows.push({
      group: g,
      name: `read the rig's log after the import (peer of the line above; ${issues.size} issues)`,
      value: ms(t),
      unit: 'ms',
    });
    const times: number[] = [];
    let ready = 0;
    for (let i = 0; i < 7; i++) {
      t = process.hrtime.bigint();
      ready = readyWork(issues).length;
      times.push(ms(t));
    }
    rows.push({
      group: g,
      name: `ready work over the imported 100,000 issues (${ready} ready), median of 7`,
      value: median(times),
      unit: 'ms',
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return rows;
}
