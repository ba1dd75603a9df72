import { useEffect, useState } from 'react';
import { errorMessage } from '../../core/errors.js';
import type { StoreSnapshot } from '../../store/types.js';
import { firstKey, type Keymap } from '../keys/index.js';
import type { CockpitUi, Modal, Target } from '../panes/index.js';
import type { CockpitActions } from './actions.js';

/** What pane actions may do to the cockpit this render: open a modal, run an operation, say something. */
export function cockpitUi(
  actions: CockpitActions,
  snap: StoreSnapshot,
  now: number,
  keymap: Keymap,
  open: (m: Modal) => void,
  say: (message: string) => void,
): CockpitUi {
  return {
    actions,
    snap,
    now,
    key: (id) => firstKey(keymap, id),
    open,
    say,
    run: (label, op) => {
      say(`${label}…`);
      op().then(
        (m) => say(m ? m : `${label}: done`),
        (e: unknown) => say(`✗ ${label}: ${errorMessage(e)}`),
      );
    },
  };
}

/**
 * The polecat the selection points at, else the last one it pointed at
 * while that one still exists (what the preview shows: never a polecat
 * that was removed meanwhile).
 */
export function useLastTarget(target: Target | undefined, snap: StoreSnapshot): Target | undefined {
  const [last, setLast] = useState<Target>();
  useEffect(() => {
    if (target && (target.rig !== last?.rig || target.name !== last?.name)) setLast(target);
  }, [target, last]);
  if (target) return target;
  const exists =
    last !== undefined &&
    snap.rigs.some((r) => r.name === last.rig && r.polecats.some((p) => p.name === last.name));
  return exists ? last : undefined;
}
