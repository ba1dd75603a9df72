import { paneFresh, type PaneSeen } from '../../runtime/pane-rule.js';
import type { SessionInfo, Tmux } from '../../runtime/tmux.js';

type Seen = PaneSeen & { tail: string };

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
    const cached = this.fresh(info, lines);
    if (cached !== undefined) return cached;
    const readAt = Date.now();
    this.captures++;
    const tail = await tmux.capturePane(info.name, { lines });
    this.store(info, lines, tail, readAt);
    return tail;
  }

  /** The cached tail when it still shows the pane (pane-rule.ts), else undefined. */
  fresh(info: SessionInfo, lines: number): string | undefined {
    const c = this.seen.get(info.name);
    if (!c || !paneFresh(c, info, lines)) return undefined;
    return c.lines === lines ? c.tail : c.tail.split('\n').slice(-lines).join('\n');
  }

  /** What was read of a session, for a host that decides remotely whether to read it again. */
  known(name: string): PaneSeen | undefined {
    const c = this.seen.get(name);
    return c && { created: c.created, activity: c.activity, readAt: c.readAt, lines: c.lines };
  }

  /** The last tail read of a session, fresh or not. */
  last(name: string): string | undefined {
    return this.seen.get(name)?.tail;
  }

  /** Remember a tail read at `readAt` (the reading host's clock). */
  store(info: SessionInfo, lines: number, tail: string, readAt: number): void {
    this.seen.set(info.name, { created: info.created, activity: info.activity, readAt, lines, tail });
  }

  /** Forget panes of sessions that are gone. */
  keepOnly(names: ReadonlySet<string>): void {
    for (const k of this.seen.keys()) if (!names.has(k)) this.seen.delete(k);
  }
}
