import type { PaneActivity } from './types.js';

/** Ask tmux when each of these sessions last showed activity (epoch ms); absent = no such session. */
export type ActivityProbe = (sessions: string[]) => Promise<Map<string, number>>;

/**
 * The store's one timer: every `intervalMs`, the pane activity of the live
 * sessions (one probe call), reported only when it changed. Nothing to ask
 * about (no live session) costs no tmux call.
 */
export class ActivityPoller {
  private timer?: NodeJS.Timeout;
  private running = false;
  private last: PaneActivity = new Map();

  constructor(
    private readonly probe: ActivityProbe,
    private readonly intervalMs: number,
    private readonly sessions: () => string[],
    private readonly onChange: (activity: PaneActivity) => void,
  ) {}

  start(): void {
    this.running = true;
    this.schedule(0);
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(delay: number): void {
    if (!this.running) return;
    this.timer = setTimeout(async () => {
      const sessions = this.sessions();
      if (sessions.length > 0) {
        try {
          const got = await this.probe(sessions);
          if (this.running && !sameActivity(got, this.last)) {
            this.last = got;
            this.onChange(got);
          }
        } catch {
          /* tmux gone: keep the last values */
        }
      }
      this.schedule(this.intervalMs);
    }, delay);
    this.timer.unref();
  }
}

function sameActivity(a: PaneActivity, b: PaneActivity): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
