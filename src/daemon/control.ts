import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage, OverseerError } from '../core/errors.js';
import { extraCaAside, OVERSEER_NODE_ENV, OVERSEER_NODE_FLAGS, overseerBin } from '../core/package-root.js';
import { formatAge } from '../core/time.js';
import { daemonView, type DaemonView, staleAfterMs } from '../town/daemon-view.js';
import { withoutAgentMark } from '../runtime/agent-stop.js';
import type { LocalRunner } from '../runtime/local-runner.js';
import type { TownPaths } from '../town/paths.js';
import { type DaemonHeartbeat, daemonAlive, readHeartbeat, readPid } from './heartbeat.js';

export function daemonLogFile(paths: TownPaths): string {
  return join(paths.runtimeDir, 'daemon.log');
}

export type DaemonStatus = {
  running: boolean;
  pid?: number;
  heartbeat?: DaemonHeartbeat;
  /** ms since the last heartbeat. */
  heartbeatAgeMs?: number;
  /** Running but no heartbeat for three intervals. */
  stale: boolean;
  log: string;
};

export function daemonStatus(runner: LocalRunner, paths: TownPaths, now = Date.now()): DaemonStatus {
  const pid = readPid(paths);
  const running = daemonAlive(runner.here, pid);
  const hb = readHeartbeat(paths);
  const age = hb ? Math.max(0, now - Date.parse(hb.at)) : undefined;
  const stale = running && (age === undefined || age > staleAfterMs(hb?.tick_interval_ms));
  return {
    running,
    ...(running && pid ? { pid } : {}),
    ...(hb ? { heartbeat: hb } : {}),
    ...(age !== undefined ? { heartbeatAgeMs: age } : {}),
    stale,
    log: daemonLogFile(paths),
  };
}

export function describeStatus(s: DaemonStatus): string {
  if (!s.running) {
    const last = s.heartbeat
      ? `; last heartbeat ${formatAge(s.heartbeatAgeMs ?? 0)} ago (${s.heartbeat.state})`
      : '';
    return `daemon: not running${last}`;
  }
  const hb = s.heartbeat;
  const lines = [`daemon: running, pid ${s.pid}${s.stale ? ' (STALE: no heartbeat)' : ''}`];
  if (hb) {
    lines.push(`  started ${hb.started_at}, ${hb.ticks} ticks, every ${hb.tick_interval_ms} ms`);
    lines.push(
      `  last tick ${formatAge(s.heartbeatAgeMs ?? 0)} ago${hb.last_tick_ms !== undefined ? `, took ${hb.last_tick_ms} ms` : ''}`,
    );
    const acts = Object.entries(hb.last_actions).map(([k, v]) => `${k} ${v}`);
    if (acts.length) lines.push(`  last actions: ${acts.join(', ')}`);
    if (hb.last_gc_at) lines.push(`  last workspace GC ${hb.last_gc_at}`);
    if (hb.last_error) lines.push(`  last error: ${hb.last_error}`);
  }
  lines.push(`  log: ${s.log}`);
  return lines.join('\n');
}

/**
 * `daemon --detach`: start `node overseer daemon` in the background (own
 * session, output to .runtime/daemon.log), wait for its first heartbeat.
 */
export async function startDaemon(
  runner: LocalRunner,
  paths: TownPaths,
  opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<number> {
  const current = readPid(paths);
  if (daemonAlive(runner.here, current))
    throw new OverseerError(
      'daemon-running',
      `a daemon already runs for town ${paths.root} (pid ${current})`,
    );
  mkdirSync(paths.runtimeDir, { recursive: true });
  const logFile = daemonLogFile(paths);
  let child;
  try {
    // With a start channel: a daemon that fails before its first heartbeat says why through
    // it, even when it cannot write its log (a full disk).
    const argv = [...OVERSEER_NODE_FLAGS, overseerBin(), '--town', paths.root, 'daemon'];
    child = runner.startDetached(process.execPath, argv, {
      logFile,
      // Started from inside an agent's session, it is still not that agent's: stopping the agent must not end it.
      env: {
        ...withoutAgentMark(opts.env ?? process.env),
        ...OVERSEER_NODE_ENV,
        ...extraCaAside(opts.env ?? process.env),
      },
      cwd: paths.root,
      startReport: true,
    });
  } catch (e) {
    throw new OverseerError('daemon-start', 'could not start the daemon process', { cause: e });
  }
  const { pid } = child;
  let exited: number | null | undefined;
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  try {
    while (Date.now() < deadline) {
      const hb = readHeartbeat(paths);
      if (hb && hb.pid === pid && hb.state !== 'stopped') return pid;
      exited = child.exited();
      if (exited !== undefined) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    child.release();
  }
  const why = child.startFailure();
  const tail = readTail(logFile, 1500);
  throw new OverseerError(
    'daemon-start',
    `the daemon did not start${exited !== undefined ? ` (exit ${exited})` : ''}${why ? `: ${why}` : ''}; log ${logFile}${tail.trim() === '' ? ' is empty' : `:\n${tail}`}`,
  );
}

/**
 * In a daemon started by `daemon --detach`: tell the starting process why
 * this one stops (best effort; the pending message is still flushed at exit).
 * The channel never keeps the daemon alive: the daemon unrefs it at start.
 */
export function reportStartFailure(e: unknown): void {
  if (!process.send || !process.connected) return;
  try {
    process.send({ kind: 'start-failed', message: errorMessage(e) }, undefined, {}, () => {
      if (process.connected) process.disconnect();
    });
  } catch {
    /* the starter is gone */
  }
}

/** `daemon stop`: SIGTERM, wait for the process to finish its tick and exit. */
export async function stopDaemon(
  runner: LocalRunner,
  paths: TownPaths,
  opts: { timeoutMs?: number } = {},
): Promise<{ pid?: number; stopped: boolean }> {
  const pid = readPid(paths);
  if (!daemonAlive(runner.here, pid)) return { stopped: false };
  runner.here.signal(pid!, 'SIGTERM');
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (!daemonAlive(runner.here, pid)) return { pid, stopped: true };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new OverseerError(
    'daemon-stop',
    `daemon pid ${pid} did not stop within ${Math.round((opts.timeoutMs ?? 30_000) / 1000)}s`,
    {
      hint: `kill it with \`kill -9 ${pid}\`; the next daemon recovers`,
    },
  );
}

function readTail(file: string, n: number): string {
  try {
    const t = readFileSync(file, 'utf8');
    return t.slice(-n);
  } catch {
    return '';
  }
}

/** How current the state files are: running, stale (since its last tick) or off. */
export function currentDaemonView(runner: LocalRunner, paths: TownPaths, now = Date.now()): DaemonView {
  const s = daemonStatus(runner, paths, now);
  const at = s.heartbeat ? Date.parse(s.heartbeat.at) : undefined;
  return daemonView(
    at !== undefined ? { at, tickIntervalMs: s.heartbeat?.tick_interval_ms } : undefined,
    s.running,
    now,
  );
}
