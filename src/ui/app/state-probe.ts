import { PaneCache } from '../../agents/state/pane-cache.js';
import { refreshPolecatStates } from '../../agents/state/refresh.js';
import { daemonAlive, readPid } from '../../daemon/heartbeat.js';
import type { LocalRunner } from '../../runtime/local-runner.js';
import { townServer } from '../../runtime/town-tmux.js';
import type { StateProbe } from '../../store/town-store.js';
import type { Town } from '../../town/town.js';

/**
 * The cockpit's state probe, built at the entry point: whether the town's
 * daemon runs (its pid), and a refresh of the polecat states from tmux for
 * when none does (one list-sessions call; a pane is captured again only
 * after new output).
 */
export function townStateProbe(town: Town, runner: LocalRunner): StateProbe {
  const tmux = runner.tmux(townServer(town));
  const panes = new PaneCache();
  return {
    daemonAlive: () => daemonAlive(runner.here, readPid(town.paths)),
    refresh: async () => {
      await refreshPolecatStates(town, undefined, { tmux, panes });
    },
  };
}
