import { daemonView, type DaemonView } from '../town/daemon-view.js';
import { Repeat } from './repeat.js';
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
  private last?: DaemonView;
  private readonly repeat: Repeat;

  constructor(
    private readonly probe: StateProbe,
    intervalMs: number,
    private readonly heartbeat: () => HeartbeatView | undefined,
    private readonly hasLive: () => boolean,
    private readonly onView: (v: DaemonView) => void,
  ) {
    this.repeat = new Repeat(intervalMs, () => this.poll());
  }

  start(): void {
    this.repeat.start();
  }

  stop(): void {
    this.repeat.stop();
  }

  /** One round: how current the states are, and a refresh when no daemon keeps them. */
  async poll(): Promise<void> {
    const hb = this.heartbeat();
    const tick = Number(hb?.value.tick_interval_ms);
    const view = daemonView(
      hb ? { at: hb.at, ...(tick > 0 ? { tickIntervalMs: tick } : {}) } : undefined,
      this.probe.daemonAlive(),
      Date.now(),
    );
    // While running, a newer tick changes nothing shown (the header reads the live heartbeat):
    // only a change of status, or of the last tick of a stale or stopped daemon, is news.
    const moved = view.status !== 'running' && this.last?.lastTickAt !== view.lastTickAt;
    if (!this.last || this.last.status !== view.status || moved) {
      this.last = view;
      this.onView(view);
    }
    if (view.status === 'off' && this.hasLive()) await this.probe.refresh().catch(() => undefined);
  }
}
