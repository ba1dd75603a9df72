/**
 * A store timer: runs `round` now and then every `intervalMs` after the
 * previous round finished (rounds never overlap); unref'd, so it never keeps
 * a process alive. A round that throws is retried on the next one.
 */
export class Repeat {
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    /** Fixed, or asked after each round (a poller slowing down while nothing changes). */
    private readonly intervalMs: number | (() => number),
    private readonly round: () => Promise<void>,
  ) {}

  get active(): boolean {
    return this.running;
  }

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
      try {
        await this.round();
      } catch {
        /* tmux gone, a bad pid file: keep the last values, try again next round */
      }
      this.schedule(typeof this.intervalMs === 'number' ? this.intervalMs : this.intervalMs());
    }, delay);
    this.timer.unref();
  }
}
