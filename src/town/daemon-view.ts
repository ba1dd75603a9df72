import { formatAge } from '../core/time.js';

/**
 * How current the polecat states in the state files are, judged from the
 * daemon's heartbeat and whether its process runs:
 * - running: the daemon keeps them current (its last tick is recent);
 * - stale:   the daemon runs but has not ticked for a while (hung, or busy
 *            in a long step): the states are as of its last tick;
 * - off:     no daemon: a reader works the states out itself.
 */
export type DaemonViewStatus = 'running' | 'stale' | 'off';
export type DaemonView = { status: DaemonViewStatus; lastTickAt?: number };

/** A running daemon's heartbeat older than three ticks plus 10 s is stale. */
export function staleAfterMs(tickIntervalMs = 5000): number {
  return 3 * tickIntervalMs + 10_000;
}

export function daemonView(
  hb: { at?: number; tickIntervalMs?: number } | undefined,
  processAlive: boolean,
  now: number,
): DaemonView {
  const last = hb?.at !== undefined && Number.isFinite(hb.at) ? { lastTickAt: hb.at } : {};
  if (!processAlive) return { status: 'off', ...last };
  if (hb?.at === undefined || now - hb.at > staleAfterMs(hb.tickIntervalMs))
    return { status: 'stale', ...last };
  return { status: 'running', ...last };
}

/** "stale since 12:03:05 (4m ago): the daemon runs but has not ticked", or '' when not stale. */
export function staleNote(v: DaemonView, now: number): string {
  if (v.status !== 'stale') return '';
  if (v.lastTickAt === undefined) return 'stale: the daemon runs but has not ticked yet';
  return `stale since ${clock(v.lastTickAt)} (${formatAge(Math.max(0, now - v.lastTickAt))} ago): the daemon runs but has not ticked since`;
}

/** HH:MM:SS, local clock. */
export function clock(t: number): string {
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
