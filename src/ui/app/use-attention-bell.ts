import { useStdout } from 'ink';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { StoreSnapshot } from '../../store/types.js';
import { bellMarks } from '../panes/bell-marks.js';
import type { BoundAction, CockpitUi } from '../panes/controller.js';
import type { CommandId } from '../keys/index.js';
import { selectAttention } from '../selectors/index.js';
import type { CockpitActions } from './actions.js';
import { useBell } from './use-bell.js';

/**
 * The bell channel (config/notify.yaml) in the cockpit: ring for a new attention
 * item and mark it until a key of the operator's acknowledges it. `selected` is
 * the selected attention item's key while the attention pane has focus; the
 * returned `ack` acknowledges it (a no-op otherwise).
 */
export function useAttentionBell(
  actions: CockpitActions,
  snap: StoreSnapshot,
  now: number,
  attentionFocused: boolean,
  selected: string | undefined,
): () => void {
  const { stdout } = useStdout();
  const ring = useCallback(() => void stdout.write('\x07'), [stdout]);
  const config = useMemo(() => actions.notifyConfig(), [actions]);
  const bell = useBell(selectAttention(snap), snap.heartbeat, config, ring, Math.floor(now / 10_000));
  bellMarks.keys = bell.marks;
  const [acks, setAcks] = useState(0);
  useEffect(() => {
    if (attentionFocused && selected && acks > 0) bell.clear(selected);
  }, [acks]); // only a key of the operator's acknowledges a mark
  return attentionFocused ? () => setAcks((n) => n + 1) : () => undefined;
}

/** The selected item's actions, each also acknowledging the item's bell mark. */
export function acknowledging(actions: readonly BoundAction[], ack: () => void): BoundAction[] {
  return actions.map((a) =>
    a.run
      ? {
          ...a,
          run: (u: CockpitUi) => {
            a.run!(u);
            ack();
          },
        }
      : a,
  );
}

/** Help limited to the selected attention item's keys. */
export function selectedItemHelp(actions: readonly BoundAction[]): {
  help: { only: ReadonlySet<CommandId>; title: string };
} {
  return {
    help: {
      only: new Set(actions.filter((a) => a.run).map((a) => a.command)),
      title: 'Keys for the selected item',
    },
  };
}
