import { sanitizeLine } from '../core/sanitize.js';
import { polecatRef } from '../polecats/resolve.js';
import { nudgePolecat, nudgeSession, polecatNudgeTarget } from '../polecats/session-ops.js';
import { readPolecat } from '../town/polecat-state.js';
import { polecatSession as sessionName, townSocketName, townTmux } from '../runtime/town-tmux.js';
import type { Town } from '../town/town.js';

/**
 * What the refinery needs from the runtime: is a polecat's session alive,
 * and type a short message into it. Kept behind this interface so the
 * refinery does not depend on how sessions are run.
 */
export type PolecatNotifier = {
  isAlive(rig: string, polecat: string): Promise<boolean>;
  nudge(rig: string, polecat: string, text: string): Promise<void>;
};

/** The town's tmux socket name (see runtime/town-tmux). */
export function townSocket(town: Town): string {
  return townSocketName(town);
}

/** Session name of a polecat: ov-<rigprefix>-<polecat>. */
export function polecatSession(town: Town, rig: string, polecat: string): string {
  return sessionName(town.rig(rig).beads.prefix, polecat);
}

/**
 * Default notifier: the town's tmux server through the runtime adapter; a
 * nudge goes through nudgePolecat, which checks delivery and logs an event.
 */
export function tmuxNotifier(town: Town): PolecatNotifier {
  return {
    async isAlive(rig, polecat) {
      return townTmux(town).hasSession(polecatSession(town, rig, polecat));
    },
    async nudge(rig, polecat, text) {
      const paths = town.rigPaths(rig);
      const state = readPolecat(paths, polecat);
      const line = sanitizeLine(text, 500);
      const from = `${rig}/refinery`;
      const send = state
        ? nudgePolecat(polecatRef(town, state), line, { from })
        : nudgeSession(
            town,
            townTmux(town),
            polecatNudgeTarget(rig, polecat, polecatSession(town, rig, polecat)),
            line,
            {
              from,
            },
          );
      // A nudge is a courtesy on top of the mail the polecat also gets: never fail the run over it.
      await send.catch(() => undefined);
    },
  };
}
