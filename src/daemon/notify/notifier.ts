import { errorMessage } from '../../core/errors.js';
import { sanitizeLine } from '../../core/sanitize.js';
import type { Runner } from '../../runtime/runner.js';
import type { Tmux } from '../../runtime/tmux.js';
import { townServer } from '../../runtime/town-tmux.js';
import type { Town } from '../../town/town.js';
import type { AttentionSource } from '../attention.js';
import { type NotifyConfig, type ResolvedChannel, loadNotifyConfig } from './config.js';
import { type Hold, type NotifyState, type Send, decideNotify } from './decide.js';
import { notifyEvent } from './format.js';
import { type NotifyItem, notifyItems } from './items.js';
import { type SendOutcome, sendOn } from './send.js';
import { readNotifyState, writeNotifyState } from './state.js';

/** The daemon delivers every channel but the bell (the cockpit rings that one). */
export const DAEMON_CHANNELS = (c: ResolvedChannel): boolean => c.type !== 'bell';

/**
 * The daemon's notifier: after each tick, decide (pure) what to send from
 * the tick's snapshot and the saved state, save the new state, then deliver
 * in the background so a slow webhook never holds up the tick. Every send,
 * failure and hold is logged to .events.jsonl.
 */
export class Notifier {
  private inflight = new Set<Promise<void>>();
  private configProblem?: string;

  private readonly townServer: Tmux;

  constructor(
    readonly town: Town,
    private readonly runner: Runner,
    env: NodeJS.ProcessEnv = process.env,
    townTmux?: Tmux,
  ) {
    this.townServer = townTmux ?? runner.tmux(townServer(town, env));
  }

  config(): NotifyConfig | undefined {
    try {
      const c = loadNotifyConfig(this.town.paths);
      this.configProblem = undefined;
      return c;
    } catch (e) {
      const msg = errorMessage(e);
      if (msg !== this.configProblem) {
        this.configProblem = msg;
        void this.log('notify.config', `notifications off: ${msg}`, {});
      }
      return undefined;
    }
  }

  /** Decide and start delivering; resolves once the state is saved (not when the sends finish). */
  async tick(snap: AttentionSource, now: number): Promise<{ sends: Send[]; holds: Hold[] }> {
    const config = this.config();
    if (!config) return { sends: [], holds: [] };
    return this.decideAndSend(notifyItems(snap, now), config, now);
  }

  /** Keep a one-shot item (the daemon died) until every channel that takes it has sent it. */
  async addPending(item: NotifyItem): Promise<void> {
    const s = readNotifyState(this.town.paths);
    if (!s.pending.some((p) => p.key === item.key)) s.pending.push(item);
    await writeNotifyState(this.town.paths, s);
  }

  /** Deliver pending one-shots now (e.g. on a fatal error, before the process exits). */
  async sendPendingNow(now = Date.now()): Promise<void> {
    const config = this.config();
    if (config) await this.decideAndSend([], config, now);
    await this.flush();
  }

  /** Wait for deliveries in flight (daemon shutdown). */
  async flush(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  private async decideAndSend(open: NotifyItem[], config: NotifyConfig, now: number) {
    const prev = readNotifyState(this.town.paths);
    const d = decideNotify(open, prev, config, now, DAEMON_CHANNELS);
    if (JSON.stringify(d.state) !== JSON.stringify(prev)) await writeNotifyState(this.town.paths, d.state);
    for (const h of d.holds)
      await this.log(
        'notify.held',
        `${h.channel}: holding "${h.item.title}" (${h.why === 'quiet' ? 'quiet hours' : 'rate limit'})`,
        { channel: h.channel, key: h.item.key, why: h.why },
        h.item.rig,
      );
    for (const s of d.sends) {
      const ch = config.channels.find((c) => c.name === s.channel)!;
      const p = this.deliver(ch, s.item, now).finally(() => this.inflight.delete(p));
      this.inflight.add(p);
    }
    return { sends: d.sends, holds: d.holds };
  }

  private async deliver(ch: ResolvedChannel, item: NotifyItem, now: number): Promise<void> {
    const r: SendOutcome = await sendOn(ch, notifyEvent(item, this.town.file.name, now), {
      runner: this.runner,
      tmux: (name) => (name === 'town' ? this.townServer : this.runner.tmux({ socket: name })),
      cwd: this.town.root,
    });
    await this.log(
      r.ok ? 'notify.sent' : 'notify.failed',
      `${ch.name}: ${item.title}: ${r.ok ? 'sent' : 'FAILED'} (${r.detail})`,
      { channel: ch.name, type: ch.type, key: item.key, kind: item.kind, ok: r.ok, detail: r.detail },
      item.rig,
    ).catch(() => undefined);
  }

  private async log(
    kind: string,
    message: string,
    data: Record<string, unknown>,
    rig?: string,
  ): Promise<void> {
    await this.town.events.emit({
      kind,
      actor: 'daemon',
      ...(rig ? { rig } : {}),
      message: sanitizeLine(message, 600),
      data,
    });
  }
}

export type { NotifyState };
