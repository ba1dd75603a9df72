import { pingOutpost } from '../../polecats/outpost/admin.js';
import { checkOutpost, type OutpostCheck } from '../../polecats/outpost/check.js';
import { openJob } from '../../polecats/offload/clean.js';
import { attachOutpostShell } from '../../polecats/outpost/shell.js';
import { sshRunnerFor } from '../../runtime/hosts.js';
import type { Town } from '../../town/town.js';
import type { ActionHooks } from './plan-view.js';

/** The cockpit's actions on an outpost (the outposts and offload views): the operations `overseer outpost` and `offload open` run. */
export interface OutpostActions {
  /** One round trip now; its status file is written (the view shows it). Throws when unreachable. */
  pingOutpost(name: string): Promise<string>;
  /** `outpost check`: what the host has and lacks. */
  checkOutpost(name: string): Promise<OutpostCheck>;
  /** A login shell there, beside the cockpit (or in this terminal outside tmux). */
  outpostShell(name: string): Promise<string>;
  /** `offload open JOB`: the job's session (a shell in its worktree, a window per task), beside the cockpit. */
  openOffload(id: string): Promise<string>;
}

export function outpostActions(town: Town, hooks: ActionHooks = {}): OutpostActions {
  return {
    async pingOutpost(name) {
      const st = await pingOutpost(town, name);
      return `outpost ${name}: reachable, ${st.latency_ms} ms round trip`;
    },
    checkOutpost: (name) => checkOutpost(town, sshRunnerFor(town, name)),
    async outpostShell(name) {
      const go = () => attachOutpostShell(town, name);
      const r = process.env.TMUX || !hooks.suspend ? await go() : await hooks.suspend(go);
      return r.kind === 'tmux-pane' ? `opened a shell on ${name} (pane ${r.paneId})` : `back from ${name}`;
    },
    async openOffload(id) {
      const go = () => openJob(town, id);
      const r = process.env.TMUX || !hooks.suspend ? await go() : await hooks.suspend(go);
      return r.kind === 'tmux-pane' ? `opened offload ${id} (pane ${r.paneId})` : `back from offload ${id}`;
    },
  };
}
