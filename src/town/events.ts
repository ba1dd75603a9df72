import { JsonlLog } from '../core/jsonl-log.js';
import { nowIso } from '../core/time.js';
import { TownEvent } from './schemas/event.js';

export type EventInput = {
  kind: string;
  actor: string;
  message: string;
  rig?: string;
  subject?: string;
  data?: Record<string, unknown>;
  ts?: string;
};

/** The town's append-only activity log: every action and its reason. */
export class EventLog {
  readonly log: JsonlLog<typeof TownEvent>;

  constructor(readonly path: string) {
    this.log = new JsonlLog(path, TownEvent);
  }

  async emit(e: EventInput): Promise<void> {
    await this.log.append([{ version: 1, ...e, ts: e.ts ?? nowIso() }]);
  }
}
