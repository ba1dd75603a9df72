import type { SessionInfo, Tmux } from '../../runtime/tmux.js';

type Seen = { created: number; activity: number; readAt: number; lines: number; tail: string };

/**
 * The last lines of each session's pane, read again only when tmux says the
 * session had output since (its `window_activity`, from the one list-sessions
 * call of a refresh). An idle pane shows what it showed, so a tick over many
 * quiet sessions costs no capture-pane at all. The state derivation stays
 * pure: it gets the same tail it would have captured.
 *
 * window_activity has one-second resolution: output later in the very second
 * a pane was read leaves it unchanged, so a read made in the second of the
 * last activity is not trusted and the pane is read again next time.
 */
export class PaneCache {
  private seen = new Map<string, Seen>();
  /** capture-pane calls made (for tests and benchmarks). */
  captures = 0;

  async read(tmux: Tmux, info: SessionInfo, lines: number): Promise<string> {
    const c = this.seen.get(info.name);
    if (
      c &&
      c.created === info.created &&
      c.activity === info.activity &&
      c.lines >= lines &&
      Math.floor(c.readAt / 1000) > info.activity
    )
      return c.lines === lines ? c.tail : c.tail.split('\n').slice(-lines).join('\n');
    const readAt = Date.now();
    this.captures++;
    const tail = await tmux.capturePane(info.name, { lines });
    this.seen.set(info.name, { created: info.created, activity: info.activity, readAt, lines, tail });
    return tail;
  }

  /** Forget panes of sessions that are gone. */
  keepOnly(names: ReadonlySet<string>): void {
    for (const k of this.seen.keys()) if (!names.has(k)) this.seen.delete(k);
  }
}
