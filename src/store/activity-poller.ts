import { Repeat } from './repeat.js';
import type { PaneActivity } from './types.js';

/** Ask tmux when each of these sessions last showed activity (epoch ms); absent = no such session. */
export type ActivityProbe = (sessions: string[]) => Promise<Map<string, number>>;

/**
 * The store's one timer: every `intervalMs`, the pane activity of the live
 * sessions (one probe call), reported only when it changed. Nothing to ask
 * about (no live session) costs no tmux call.
 */
export class ActivityPoller {
  private last: PaneActivity = new Map();
  private readonly repeat: Repeat;

  constructor(
    probe: ActivityProbe,
    intervalMs: number,
    sessions: () => string[],
    onChange: (activity: PaneActivity) => void,
  ) {
    this.repeat = new Repeat(intervalMs, async () => {
      const live = sessions();
      if (live.length === 0) return;
      const got = await probe(live);
      if (this.repeat.active && !sameActivity(got, this.last)) {
        this.last = got;
        onChange(got);
      }
    });
  }

  start(): void {
    this.repeat.start();
  }

  stop(): void {
    this.repeat.stop();
  }
}

function sameActivity(a: PaneActivity, b: PaneActivity): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
