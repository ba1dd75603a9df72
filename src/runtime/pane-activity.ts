import type { Tmux } from './tmux.js';

/**
 * The cockpit's pane-activity probe: the last activity (epoch ms) of the
 * asked-for sessions from ONE `tmux list-sessions` call; absent = no such
 * session. The entry point hands it to the store, which runs no process.
 */
export function paneActivityProbe(tmux: Tmux): (sessions: string[]) => Promise<Map<string, number>> {
  return async (sessions) => {
    const wanted = new Set(sessions);
    const out = new Map<string, number>();
    for (const s of await tmux.listSessions()) if (wanted.has(s.name)) out.set(s.name, s.activity * 1000);
    return out;
  };
}
