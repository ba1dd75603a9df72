import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claudeProjectDir } from '../src/agents/usage/locate.js';
import { ResourceSampler } from '../src/daemon/resource-pass.js';
import { UsageSampler } from '../src/daemon/usage-pass.js';
import { defaultDaemonSettings } from '../src/town/daemon-settings.js';
import { readPolecats, writePolecat } from '../src/town/polecat-state.js';
import { Town } from '../src/town/town.js';
import { generateSyntheticTown } from './synthetic-town.js';
import { type BenchRow, median, ms } from './types.js';

/**
 * Issue 10's sampling figures: one token sampling pass and one resource pass
 * over 200 synthetic polecats, each a Claude Code agent with a 256 KB
 * transcript (Claude Code's own lines, from test/fixtures/usage): the first
 * pass (everything read), an idle pass (nothing new: what the daemon pays
 * every sample_interval), and a pass after one reply was appended to every
 * transcript. And one 100 MB transcript: its first read, then an idle pass,
 * to show a large transcript is never read again.
 */

const POLECATS = 200;
const RUNS = 7;

function fixtureLines(): string[] {
  return readFileSync(new URL('../test/fixtures/usage/claude.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l !== '');
}

/** A transcript of about `bytes`, its reply ids made unique per copy. */
function transcript(lines: string[], bytes: number, tag: string): string {
  const out: string[] = [];
  let size = 0;
  for (let copy = 0; size < bytes; copy++)
    for (const l of lines) {
      const s = l.replace(/"msg_([0-9a-f]+)"/g, `"msg_$1_${tag}_${copy}"`);
      out.push(s);
      size += s.length + 1;
    }
  return out.join('\n') + '\n';
}

export async function runCostBench(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ov-bench-cost-'));
  const rows: BenchRow[] = [];
  try {
    const root = join(dir, 'town');
    const home = join(dir, 'home');
    generateSyntheticTown(root, { rigs: 4, issues: 400, polecats: POLECATS, mails: 10 });
    const town = Town.open(root);
    writeFileSync(
      town.paths.configFile('agents.yaml'),
      `version: 1\nenv:\n  HOME: ${JSON.stringify(home)}\n`,
    );
    const lines = fixtureLines();
    const born = new Date(Date.now() - 60_000).toISOString();
    const worktrees: string[] = [];
    for (const rig of town.rigNames()) {
      const rp = town.rigPaths(rig);
      for (const p of readPolecats(rp).polecats) {
        await writePolecat(rp, { ...p, agent: 'claude', state: 'working', created_at: born });
        const d = claudeProjectDir({ HOME: home }, p.worktree);
        mkdirSync(d, { recursive: true });
        writeFileSync(join(d, 'session.jsonl'), transcript(lines, 256 * 1024, p.name));
        worktrees.push(join(d, 'session.jsonl'));
      }
    }
    const usage = new UsageSampler(town);
    let t = process.hrtime.bigint();
    await usage.pass();
    rows.push({
      group: 'cost',
      name: `first token pass, ${worktrees.length} polecats x 256 KB`,
      value: ms(t),
      unit: 'ms',
    });
    const idle: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      t = process.hrtime.bigint();
      await usage.pass();
      idle.push(ms(t));
    }
    rows.push({
      group: 'cost',
      name: `idle token pass (nothing new), ${worktrees.length} polecats`,
      value: median(idle),
      unit: 'ms',
      aim: '< 100 ms',
      ok: median(idle) < 100,
    });
    const reply = lines.find((l) => l.includes('"type":"assistant"'))!;
    const grown: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      for (const f of worktrees)
        appendFileSync(f, reply.replace(/"msg_([0-9a-f]+)"/, `"msg_$1_new${i}"`) + '\n');
      t = process.hrtime.bigint();
      await usage.pass();
      grown.push(ms(t));
    }
    rows.push({
      group: 'cost',
      name: `token pass, one new reply in each of ${worktrees.length}`,
      value: median(grown),
      unit: 'ms',
    });

    const resources = new ResourceSampler(town);
    const settings = defaultDaemonSettings().resources;
    await resources.pass(settings);
    const res: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      t = process.hrtime.bigint();
      await resources.pass({ ...settings, disk_interval: 3_600_000 });
      res.push(ms(t));
    }
    rows.push({
      group: 'cost',
      name: `resource pass (one /proc scan, CPU+RSS), ${worktrees.length} polecats`,
      value: median(res),
      unit: 'ms',
      aim: '< 100 ms',
      ok: median(res) < 100,
    });

    // One big transcript: read once, then never again.
    const big = worktrees[0]!;
    writeFileSync(big, transcript(lines, 100 * 1024 * 1024, 'big'));
    const one = new UsageSampler(town);
    t = process.hrtime.bigint();
    for (let i = 0; i < 20; i++) await one.pass(); // 8 MB per pass: a backlog is caught up over passes
    rows.push({
      group: 'cost',
      name: 'catch up a 100 MB transcript (8 MB a pass, 20 passes)',
      value: ms(t),
      unit: 'ms',
    });
    const after: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      t = process.hrtime.bigint();
      await one.pass();
      after.push(ms(t));
    }
    rows.push({
      group: 'cost',
      name: `idle token pass after it (${worktrees.length} polecats, one of 100 MB)`,
      value: median(after),
      unit: 'ms',
      aim: '< 100 ms',
      ok: median(after) < 100,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
