import { useEffect, useRef, useState } from 'react';
import type { NotifyConfig, ResolvedChannel } from '../../daemon/notify/config.js';
import { type NotifyState, decideNotify, primeNotifyState } from '../../daemon/notify/decide.js';
import type { NotifyItem } from '../../daemon/notify/items.js';
import type { HeartbeatView } from '../../store/types.js';
import type { AttentionRow } from '../selectors/attention.js';

const BELL = (c: ResolvedChannel): boolean => c.type === 'bell';

/** The attention rows (and a daemon that stopped heartbeating) as items for the bell channel. */
export function bellItems(
  rows: readonly AttentionRow[],
  hb: HeartbeatView | undefined,
  now: number,
): NotifyItem[] {
  const items: NotifyItem[] = rows.map((r) => ({
    key: r.key,
    kind: r.kind,
    rig: r.rig,
    subject: r.subject,
    title: `${r.kind} ${r.rig}/${r.subject}`,
    reason: r.reason,
    since: new Date(r.since).toISOString(),
  }));
  const v = hb?.value;
  const interval = typeof v?.tick_interval_ms === 'number' ? v.tick_interval_ms : 5000;
  if (v && hb && v.state !== 'stopped' && now - hb.at > 3 * interval + 10_000) {
    const pid = String(v.pid ?? '?');
    items.push({
      key: `daemon-died:${pid}`,
      kind: 'daemon-died',
      subject: pid,
      title: `daemon pid ${pid} stopped heartbeating`,
      reason: `last heartbeat ${new Date(hb.at).toISOString()}`,
      since: new Date(hb.at).toISOString(),
    });
  }
  return items;
}

/**
 * The cockpit's bell channel: ring once for each attention item that appears
 * while the cockpit is open (not for those already there when it opened),
 * with config/notify.yaml's dedup, rate limit and quiet hours, and mark the
 * item until the operator selects it or it resolves.
 */
export function useBell(
  rows: readonly AttentionRow[],
  heartbeat: HeartbeatView | undefined,
  config: NotifyConfig | undefined,
  ring: () => void,
  /** Changes now and then (the cockpit's clock), so a heartbeat that stopped is noticed. */
  clock = 0,
): { marks: ReadonlySet<string>; clear: (key: string) => void } {
  const state = useRef<NotifyState | undefined>(undefined);
  const [marks, setMarks] = useState<ReadonlySet<string>>(new Set());
  const enabled = config?.enabled === true && config.channels.some(BELL);
  useEffect(() => {
    if (!config || !enabled) return;
    const now = Date.now();
    const items = bellItems(rows, heartbeat, now);
    if (!state.current) {
      state.current = primeNotifyState(items, config, now, BELL);
      return;
    }
    const d = decideNotify(items, state.current, config, now, BELL);
    state.current = d.state;
    const open = new Set(items.map((i) => i.key));
    if (d.sends.length > 0) ring();
    setMarks((old) => {
      const next = new Set([...old].filter((k) => open.has(k)));
      for (const s of d.sends) next.add(s.item.key);
      return next.size === old.size && [...next].every((k) => old.has(k)) ? old : next;
    });
  }, [rows, heartbeat, config, enabled, ring, clock]);
  const clear = (key: string) =>
    setMarks((old) => {
      if (!old.has(key)) return old;
      const next = new Set(old);
      next.delete(key);
      return next;
    });
  return { marks, clear };
}
