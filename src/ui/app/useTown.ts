import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { StoreSnapshot } from '../../store/types.js';
import { activityChanged } from '../selectors/activity.js';
import type { CockpitActions } from './actions.js';

export type SnapshotSource = { subscribe: (fn: () => void) => () => void; getSnapshot: () => StoreSnapshot };

/** The town snapshot, re-rendering only when the store publishes a new one. */
export function useSnapshot(store: SnapshotSource): StoreSnapshot {
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}

/** The clock ticks this many times slower once the town has been quiet for CLOCK_QUIET_AFTER_MS. */
export const CLOCK_QUIET_FACTOR = 3;
export const CLOCK_QUIET_AFTER_MS = 30_000;

/**
 * Wall clock for ages, ticking slowly (ages are shown to the second at
 * most): every `ms`, and CLOCK_QUIET_FACTOR times less often once
 * `changeKey` (the town's activity: useActivityKey) has not changed for 30 s: an idle town's
 * ages are minutes and hours, and each tick redraws the whole screen.
 */
export function useClock(ms: number, changeKey?: unknown): number {
  const [now, setNow] = useState(() => Date.now());
  const lastChange = useRef(Date.now());
  useEffect(() => {
    lastChange.current = Date.now();
  }, [changeKey]);
  useEffect(() => {
    if (ms <= 0) return;
    let t: NodeJS.Timeout;
    const next = () => {
      const quiet = Date.now() - lastChange.current >= CLOCK_QUIET_AFTER_MS;
      t = setTimeout(
        () => {
          setNow(Date.now());
          next();
        },
        quiet ? ms * CLOCK_QUIET_FACTOR : ms,
      );
    };
    next();
    return () => clearTimeout(t);
  }, [ms]);
  return now;
}

/**
 * A number that moves when the town shows activity (`activityChanged`): the
 * clock's change key, so the daemon's samples of a quiet town (every 25 s)
 * do not keep the clock at its fast pace.
 */
export function useActivityKey(snap: StoreSnapshot): number {
  const last = useRef({ snap, key: 0 });
  if (last.current.snap !== snap) {
    const key = last.current.key + (activityChanged(last.current.snap, snap) ? 1 : 0);
    last.current = { snap, key };
  }
  return last.current.key;
}

export type PreviewState = { target?: string; text: string; error?: string };

/**
 * The selected polecat's pane, captured every `ms` while the preview is on
 * screen — the only tmux reads the cockpit makes besides the store's slow
 * activity heartbeat.
 */
export function usePreview(
  actions: CockpitActions,
  target: { rig: string; name: string } | undefined,
  visible: boolean,
  ms: number,
): PreviewState {
  const key = target ? `${target.rig}/${target.name}` : undefined;
  const [state, setState] = useState<PreviewState>({ text: '' });
  useEffect(() => {
    if (!visible || !target || !key) return;
    let stopped = false;
    const load = () =>
      actions.peek(target.rig, target.name, 60).then(
        (text) =>
          !stopped &&
          setState((s) => (s.target === key && s.text === text && !s.error ? s : { target: key, text })),
        (e: unknown) =>
          !stopped && setState({ target: key, text: '', error: e instanceof Error ? e.message : String(e) }),
      );
    // The first capture runs after this frame is drawn, not inside the render that draws it.
    const first = setTimeout(load, 0);
    const t = ms > 0 ? setInterval(load, ms) : undefined;
    return () => {
      stopped = true;
      clearTimeout(first);
      if (t) clearInterval(t);
    };
  }, [actions, key, visible, ms]);
  return state.target === key ? state : { target: key, text: '' };
}
