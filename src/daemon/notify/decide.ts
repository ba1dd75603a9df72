import type { NotifyConfig, ResolvedChannel } from './config.js';
import type { NotifyItem } from './items.js';
import { inQuietHours } from './quiet-hours.js';

/**
 * The notifier's decision, pure: open items and what was sent before in,
 * what to send now (and the new state) out.
 * - Dedup: one notification per item and channel while the item stays open;
 *   when it resolves (leaves the open set) the channel is re-armed for it.
 * - Rate limit per channel: at most `max` sends per `per`; the rest wait for
 *   room, oldest item first, and go out later if still open.
 * - Quiet hours: nothing is sent; open items go out when the hours end.
 */
export type ChannelState = {
  /** Item key → when it was sent on this channel. */
  sent: Record<string, string>;
  /** Times of recent sends (rate window). */
  recent: string[];
  /** Item key → why it waits ("quiet" or "rate"), so a hold is logged once. */
  held: Record<string, HoldReason>;
};

export type HoldReason = 'quiet' | 'rate';

export type NotifyState = {
  version: 1;
  channels: Record<string, ChannelState>;
  /** One-shot items (the daemon dying) kept until every channel that takes them has sent them. */
  pending: NotifyItem[];
};

export type Send = { channel: string; item: NotifyItem };
export type Hold = { channel: string; item: NotifyItem; why: HoldReason };
export type NotifyDecision = { sends: Send[]; holds: Hold[]; state: NotifyState };

/** One-shot items older than this are dropped unsent. */
export const PENDING_MAX_AGE_MS = 24 * 3_600_000;

export function emptyNotifyState(): NotifyState {
  return { version: 1, channels: {}, pending: [] };
}

/**
 * `open`: the items open now (pending one-shots are added here). `handles`
 * picks the channels this caller delivers: the daemon all but the bell, the
 * cockpit only the bell.
 */
export function decideNotify(
  open: readonly NotifyItem[],
  prev: NotifyState,
  config: NotifyConfig,
  now: number,
  handles: (c: ResolvedChannel) => boolean,
): NotifyDecision {
  const channels = config.channels.filter(handles);
  const pending = prev.pending.filter((p) => now - Date.parse(p.since) < PENDING_MAX_AGE_MS);
  const items = [...open, ...pending.filter((p) => !open.some((o) => o.key === p.key))];
  const openKeys = new Set(items.map((i) => i.key));
  const iso = new Date(now).toISOString();
  const sends: Send[] = [];
  const holds: Hold[] = [];
  const next: Record<string, ChannelState> = {};
  for (const ch of channels) {
    const old = prev.channels[ch.name] ?? { sent: {}, recent: [], held: {} };
    const cs: ChannelState = {
      sent: keep(old.sent, openKeys),
      recent: old.recent.filter((t) => now - Date.parse(t) < ch.rateLimit.per),
      held: keep(old.held, openKeys),
    };
    next[ch.name] = cs;
    if (!config.enabled) continue;
    const quiet = inQuietHours(ch.quiet, now);
    for (const item of items) {
      if (!ch.kinds.has(item.kind) || cs.sent[item.key] !== undefined) continue;
      const why: HoldReason | undefined = quiet
        ? 'quiet'
        : cs.recent.length >= ch.rateLimit.max
          ? 'rate'
          : undefined;
      if (why) {
        if (cs.held[item.key] !== why) holds.push({ channel: ch.name, item, why });
        cs.held[item.key] = why;
        continue;
      }
      cs.sent[item.key] = iso;
      cs.recent.push(iso);
      delete cs.held[item.key];
      sends.push({ channel: ch.name, item });
    }
  }
  const remaining = pending.filter((p) =>
    channels.some((ch) => config.enabled && ch.kinds.has(p.kind) && next[ch.name]!.sent[p.key] === undefined),
  );
  return { sends, holds, state: { version: 1, channels: next, pending: remaining } };
}

/** Mark every open item as already notified on the handled channels (a cockpit opening: no bell for old news). */
export function primeNotifyState(
  open: readonly NotifyItem[],
  config: NotifyConfig,
  now: number,
  handles: (c: ResolvedChannel) => boolean,
): NotifyState {
  const iso = new Date(now).toISOString();
  const channels: Record<string, ChannelState> = {};
  for (const ch of config.channels.filter(handles))
    channels[ch.name] = {
      sent: Object.fromEntries(open.filter((i) => ch.kinds.has(i.kind)).map((i) => [i.key, iso])),
      recent: [],
      held: {},
    };
  return { version: 1, channels, pending: [] };
}

function keep<T>(rec: Record<string, T>, keys: ReadonlySet<string>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of Object.entries(rec)) if (keys.has(k)) out[k] = v;
  return out;
}
