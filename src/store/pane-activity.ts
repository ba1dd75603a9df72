import { townTmux } from '../runtime/town-tmux.js';
import type { Town } from '../town/town.js';
import type { ActivityProbe } from './activity-poller.js';

/** Pane activity of the town's sessions from ONE `tmux list-sessions` call (epoch ms). */
export function tmuxActivityProbe(town: Town): ActivityProbe {
  const tmux = townTmux(town);
  return async (sessions) => {
    const wanted = new Set(sessions);
    const out = new Map<string, number>();
    for (const s of await tmux.listSessions()) if (wanted.has(s.name)) out.set(s.name, s.activity * 1000);
    return out;
  };
}
