import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { overseerBin } from '../src/core/package-root.js';
import { decideTick } from '../src/daemon/decide/tick.js';
import { SnapshotGatherer } from '../src/daemon/gather.js';
import { readHeartbeat } from '../src/daemon/heartbeat.js';
import type { SessionFact } from '../src/daemon/snapshot.js';
import { readPolecats } from '../src/town/polecat-state.js';
import { Town } from '../src/town/town.js';
import { generateSyntheticTown } from './synthetic-town.js';
import { type BenchRow, median, ms } from './types.js';

/**
 * Issue 6's figures: one tick's duration (gather + every decision step) on a
 * town of 200 polecats and 20,000 issues, and the CPU a real idle daemon
 * process uses over 60 seconds ($OVERSEER_BENCH_IDLE_SECONDS to change).
 */
export async function runDaemonBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const g = 'daemon';
  const root = mkdtempSync(join(tmpdir(), 'ov-bench-daemon-'));
  try {
    generateSyntheticTown(root, {
      rigs: 4,
      issues: 20_000,
      dependencies: 10_000,
      mails: 2_000,
      polecats: 200,
    });
    const town = Town.open(root);
    const gatherer = new SnapshotGatherer(town);
    const settings = gatherer.settings();
    const chains = gatherer.chains();
    // Every polecat's session alive and recently active: the steady state of a busy town.
    const now = Date.now();
    const sessions: SessionFact[] = [];
    for (const rig of town.rigNames())
      for (const p of readPolecats(town.rigPaths(rig)).polecats)
        sessions.push({ name: p.session, alive: true, activityMs: now - 5_000 });

    let t = process.hrtime.bigint();
    const cold = gatherer.gather(sessions, now, { settings, chains });
    const coldGather = ms(t);
    t = process.hrtime.bigint();
    let decided = decideTick(cold, now);
    const coldDecide = ms(t);
    rows.push({
      group: g,
      name: 'first tick: load 20,000 issues + 200 polecats, decide',
      value: coldGather + coldDecide,
      unit: 'ms',
    });

    const times: number[] = [];
    const gatherTimes: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t0 = process.hrtime.bigint();
      const snap = gatherer.gather(sessions, now + i * 5000, {
        settings: gatherer.settings(),
        chains: gatherer.chains(),
        lastGcAt: now,
      });
      gatherTimes.push(ms(t0));
      decided = decideTick(snap, now + i * 5000);
      times.push(ms(t0));
    }
    const actions = decided.reduce((n, s) => n + s.actions.length, 0);
    rows.push({
      group: g,
      name: `steady tick (gather + witness, escalation, refinery, dispatcher, supervisor, GC decisions; ${actions} actions)`,
      value: median(times),
      unit: 'ms',
      aim: '< 250 ms',
      ok: median(times) < 250,
    });
    rows.push({
      group: g,
      name: '  of which gather (incremental log reads, 200 state files)',
      value: median(gatherTimes),
      unit: 'ms',
    });

    rows.push(...(await idleCpu(root, g)));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return rows;
}

function cpuTicks(pid: number): { self: number; children: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields after the comm: state(0) ... utime(11) stime(12) cutime(13) cstime(14)
  return { self: Number(f[11]) + Number(f[12]), children: Number(f[13]) + Number(f[14]) };
}

async function idleCpu(root: string, g: string): Promise<BenchRow[]> {
  if (process.platform !== 'linux') return [];
  const seconds = Number(process.env.OVERSEER_BENCH_IDLE_SECONDS ?? 60) || 60;
  const town = Town.open(root);
  // Nothing to do: no polecats, dispatch off, no merge requests; 20,000 issues still in the logs.
  for (const rig of town.rigNames())
    rmSync(town.rigPaths(rig).polecatStateDir, { recursive: true, force: true });
  const child = spawn(process.execPath, [overseerBin(), '--town', root, 'daemon'], {
    stdio: 'ignore',
    env: { ...process.env, OVERSEER_TMUX_SOCKET: `ov-bench-${process.pid}` },
  });
  const pid = child.pid!;
  try {
    const deadline = Date.now() + 30_000;
    while ((readHeartbeat(town.paths)?.ticks ?? 0) < 1) {
      if (Date.now() > deadline) throw new Error('the daemon did not tick');
      await new Promise((r) => setTimeout(r, 100));
    }
    const hz = 100; // USER_HZ on Linux
    const a = cpuTicks(pid);
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const b = cpuTicks(pid);
    const wall = (Date.now() - t0) / 1000;
    const selfPct = ((b.self - a.self) / hz / wall) * 100;
    const childPct = ((b.children - a.children) / hz / wall) * 100;
    const hb = readHeartbeat(town.paths);
    return [
      {
        group: g,
        name: `idle daemon CPU over ${seconds}s (20,000 issues, tick ${hb?.tick_interval_ms ?? '?'} ms)`,
        value: selfPct,
        unit: '%',
        aim: '< 1 %',
        ok: selfPct < 1,
      },
      { group: g, name: '  plus its child processes (tmux list-sessions)', value: childPct, unit: '%' },
      { group: g, name: '  idle tick duration (last)', value: hb?.last_tick_ms ?? NaN, unit: 'ms' },
    ];
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}
