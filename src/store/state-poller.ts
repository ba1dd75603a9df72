import { daemonView, type DaemonView } from '../town/daemon-view.js';
import type { HeartbeatView } from './types.js';

/**
 * What the cockpit needs to keep polecat states true without a daemon. The
 * entry point builds it (the store itself starts no process): `daemonAlive`
 * checks the daemon's pid, `refresh` works the states out from tmux and
 * writes the state files that changed (the watcher then brings them in).
 */
export type StateProbe = {
  daemonAlive: () => boolean;
  refresh: () => Promise<void>;
};

/**
 * The store's state timer: every `intervalMs`, how current the state files
 * are (running, stale since the daemon's last tick, or off), reported when
 * that changes; with no daemon and live polecats, a refresh through the probe.
 */
export class StatePoller {
  private timer?: NodeJS.Timeout;
  private running = false;
  private last?: DaemonView;

  constructor(
    private readonly probe: StateProbe,
    private readonly intervalMs: number,
    private readonly heartbeat: () => HeartbeatView | undefined,
    private readonly hasLive: () => boolean,
    private readonly onView: (v: DaemonView) => void,
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

  /** One round now (tests and the first frame). */
  async poll(): Promise<void> {
    const hb = this.heartbeat();
    const tick = Number(hb?.value.tick_interval_ms);
    const view = daemonView(
      hb ? { at: hb.at, ...(tick > 0 ? { tickIntervalMs: tick } : {}) } : undefined,
      this.probe.daemonAlive(),
      Date.now(),
    );
    if (!this.last || this.last.status !== view.status || this.last.lastTickAt !== view.lastTickAt) {
      this.last = view;
      this.onView(view);
    }
    if (view.status === 'off' && this.hasLive()) await this.probe.refresh().catch(() => undefined);
  }

  private schedule(delay: number): void {
    if (!this.running) return;
    this.timer = setTimeout(async () => {
      try {
        await this.poll();
      } catch {
        /* a bad pid file or tmux gone: try again next round */
      }
      this.schedule(this.intervalMs);
    }, delay);
    this.timer.unref();
  }
}
