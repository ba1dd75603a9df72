import { readFileSync, rmSync } from 'node:fs';
import type { LocalProcessTable } from '../runtime/processes.js';
import { z } from 'zod';
import { tryReadJson, writeJsonAtomic } from '../core/json-file.js';
import type { TownPaths } from '../town/paths.js';
import { Iso, Version } from '../town/schemas/common.js';

/** <town>/.runtime/daemon.heartbeat.json: what the cockpit shows about the daemon. */
export const DaemonHeartbeat = z.looseObject({
  version: Version,
  pid: z.number().int().positive(),
  started_at: Iso,
  /** Written at the end of every tick (and at start, before the first). */
  at: Iso,
  state: z.enum(['starting', 'running', 'stopped']),
  ticks: z.number().int().nonnegative(),
  tick_interval_ms: z.number().int().positive(),
  last_tick_ms: z.number().nonnegative().optional(),
  /** Actions of the last tick, by kind. */
  last_actions: z.record(z.string(), z.number().int()).default({}),
  last_error: z.string().optional(),
  last_gc_at: Iso.optional(),
});
export type DaemonHeartbeat = z.infer<typeof DaemonHeartbeat>;

export function readHeartbeat(paths: TownPaths): DaemonHeartbeat | undefined {
  const r = tryReadJson(paths.daemonHeartbeat, DaemonHeartbeat);
  return r.ok ? r.value : undefined;
}

/** Rewritten every tick: atomic for readers, not fsynced (a crash leaves an old one, or an unreadable one that is reported). */
export async function writeHeartbeat(paths: TownPaths, hb: DaemonHeartbeat): Promise<void> {
  await writeJsonAtomic(paths.daemonHeartbeat, hb, { durable: false });
}

export function readPid(paths: TownPaths): number | undefined {
  try {
    const n = Number(readFileSync(paths.daemonPid, 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

export function removePidFile(paths: TownPaths, pid: number): void {
  if (readPid(paths) === pid) rmSync(paths.daemonPid, { force: true });
}

/** Is `pid` a live process that is an overseer daemon (not a recycled pid)? */
export function daemonAlive(processes: LocalProcessTable, pid: number | undefined): boolean {
  if (pid === undefined || !processes.alive(pid)) return false;
  const args = processes.cmdline(pid);
  // No /proc (macOS): trust kill(0).
  if (args === undefined) return process.platform !== 'linux';
  // A zombie has an empty cmdline: it is not running anything.
  if (args.length === 0) return false;
  // An overseer CLI (bin/overseer.js, dist/cli.cjs) run with the `daemon` command.
  return args.includes('daemon') && args.some((a) => /(?:overseer(?:\.js)?|cli\.c?js|\bov)$/.test(a));
}
