import { cleanLine as sanitizeLine } from './clean.js';
import type { TownEvent } from '../../town/schemas/event.js';
import type { StoreSnapshot } from '../../store/types.js';
import { memoOn } from './memo.js';

export type EventRow = { key: string; ts: number; kind: string; actor: string; rig: string; message: string };

export const EVENTS_SHOWN = 200;

const rows = memoOn((events: readonly TownEvent[]): EventRow[] => {
  const out: EventRow[] = [];
  const start = Math.max(0, events.length - EVENTS_SHOWN);
  for (let i = events.length - 1; i >= start; i--) {
    const e = events[i]!;
    out.push({
      key: `${e.ts}#${i}`,
      ts: Date.parse(e.ts),
      kind: sanitizeLine(e.kind, 40),
      actor: sanitizeLine(e.actor, 40),
      rig: sanitizeLine(e.rig ?? '', 40),
      message: sanitizeLine(e.message, 300),
    });
  }
  return out;
});

/** The most recent events, newest first. */
export function selectEvents(snap: StoreSnapshot): EventRow[] {
  return rows(snap.events);
}
