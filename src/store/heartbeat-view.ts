import { statSync } from 'node:fs';
import { readOutpostStatuses } from '../town/outposts.js';
import type { TownPaths } from '../town/paths.js';
import { type HeartbeatFile, heartbeatTime } from '../town/schemas/heartbeat.js';
import type { HeartbeatView } from './types.js';

/**
 * The cockpit's view of a heartbeat just read: when it was written (its own
 * time, else the file's mtime), and the outposts' status files, which the
 * same daemon tick wrote.
 */
export function heartbeatView(p: TownPaths, value: HeartbeatFile | undefined): HeartbeatView | undefined {
  if (!value) return undefined;
  let mtime = Date.now();
  try {
    mtime = statSync(p.daemonHeartbeat).mtimeMs;
  } catch {
    /* removed since */
  }
  return { value, at: heartbeatTime(value, mtime), outposts: readOutpostStatuses(p) };
}

/** Fields every tick rewrites: a heartbeat that changes only these is routine. */
const ROUTINE = new Set([
  'at',
  'ts',
  'updated_at',
  'tick',
  'ticks',
  'last_tick_ms',
  'last_actions',
  'last_gc_at',
]);

const material = (h: HeartbeatView) =>
  JSON.stringify([Object.entries(h.value).filter(([k]) => !ROUTINE.has(k)), h.outposts ?? []]);

/** Same daemon, state, settings, error and outposts: only its time and counters moved. */
export function routineBeat(a: HeartbeatView, b: HeartbeatView): boolean {
  return material(a) === material(b);
}

/**
 * A heartbeat view whose `value` and `at` always read the latest heartbeat
 * seen: a routine beat (every tick) updates it in place instead of making a
 * new snapshot, so an idle cockpit does not redraw every tick; whoever shows
 * the age (the header, at its next draw) or judges staleness (the state
 * poller, the bell) reads the current time of the last tick.
 */
export class LiveHeartbeat {
  private readonly cell: { cur: HeartbeatView };
  readonly view: HeartbeatView;

  constructor(first: HeartbeatView) {
    const cell = (this.cell = { cur: first });
    this.view = {
      get value() {
        return cell.cur.value;
      },
      get at() {
        return cell.cur.at;
      },
      ...(first.outposts ? { outposts: first.outposts } : {}),
    };
  }

  /** Take a routine beat in place; false when `next` is material (the caller makes a new view). */
  beat(next: HeartbeatView): boolean {
    if (!routineBeat(this.cell.cur, next)) return false;
    this.cell.cur = next;
    return true;
  }
}
