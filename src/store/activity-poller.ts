import { Repeat } from './repeat.js';
import type { PaneActivity } from './types.js';

/** Ask tmux when each of these sessions last showed activity (epoch ms); absent = no such session. */
export type ActivityProbe = (sessions: string[]) => Promise<Map<string, number>>;

/** Rounds without any change before the poller slows down, and by how much. */
export const QUIET_ROUNDS = 3;
export const QUIET_FACTOR = 3;

/**
 * The wait before the next round: the base interval, or QUIET_FACTOR times
 * it once QUIET_ROUNDS rounds in a row changed nothing (idle agents: each
 * round is a process start, for nothing new).
 */
export function activityDelay(baseMs: number, unchangedRounds: number): number {
  return unchangedRounds >= QUIET_ROUNDS ? baseMs * QUIET_FACTOR : baseMs;
}

/**
 * The store's one timer: every `intervalMs`, the pane activity of the live
 * sessions (one probe call), reported only when it changed; slower while
 * nothing changes (activityDelay). Nothing to ask about (no live session)
 * costs no tmux call.
 */
export class ActivityPoller {
  private last: PaneActivity = new Map();
  private lastSessions = '';
  private unchanged = 0;
  private readonly repeat: Repeat;

  constructor(
    probe: ActivityProbe,
    intervalMs: number,
    sessions: () => string[],
    onChange: (activity: PaneActivity) => void,
  ) {
    this.repeat = new Repeat(
      () => activityDelay(intervalMs, this.unchanged),
      async () => {
        const live = sessions();
        const key = live.join('\n');
        // A session started or ended: back to the base pace.
        if (key !== this.lastSessions) this.unchanged = 0;
        this.lastSessions = key;
        if (live.length === 0) return;
        const got = await probe(live);
        if (this.repeat.active && !sameActivity(got, this.last)) {
          this.unchanged = 0;
          this.last = got;
          onChange(got);
        } else this.unchanged++;
      },
    );
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
