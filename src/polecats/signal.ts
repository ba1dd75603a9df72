import { OverseerError } from '../core/errors.js';
import { sanitizeLine } from '../core/sanitize.js';
import { nowIso } from '../core/time.js';
import { hookLabel, type HookSignal } from '../agents/state/derive.js';
import type { PolecatState } from '../town/schemas/polecat.js';
import type { PolecatRef } from './resolve.js';
import { updatePolecat } from '../town/polecat-state.js';
import type { WithHook } from '../agents/state/record.js';

export const SIGNAL_STATES = ['working', 'waiting', 'idle', 'stuck'] as const;
export type SignalState = (typeof SIGNAL_STATES)[number];

/**
 * `overseer signal STATE`: an agent hook reports its state. Recorded with
 * the event and time; a polecat that is done stays done.
 */
export async function signalPolecat(
  ref: PolecatRef,
  input: { state: string; event?: string; message?: string; at?: string },
): Promise<PolecatState> {
  if (!(SIGNAL_STATES as readonly string[]).includes(input.state)) {
    throw new OverseerError(
      'bad-state',
      `invalid state ${JSON.stringify(input.state)}: a hook reports one of ${SIGNAL_STATES.join(', ')} (\`overseer done\` finishes)`,
    );
  }
  const hook: HookSignal = {
    event: sanitizeLine(input.event ?? 'signal', 40),
    state: input.state as SignalState,
    at: input.at ?? nowIso(),
    ...(input.message ? { message: sanitizeLine(input.message, 120) } : {}),
  };
  const next = await updatePolecat(ref.paths, ref.name, (p): WithHook => {
    const base: WithHook = { ...p, hook };
    if (p.state === 'done' && p.state_source === 'lifecycle') return base;
    return {
      ...base,
      state: hook.state,
      state_source: 'hook',
      state_reason: hookLabel(hook),
      state_since: p.state === hook.state ? p.state_since : hook.at,
    };
  });
  if (!next) throw new OverseerError('unknown-polecat', `polecat ${ref.rig}/${ref.name} has no state file`);
  return next;
}
