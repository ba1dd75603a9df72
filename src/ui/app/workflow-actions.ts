import { type NotifyConfig, loadNotifyConfig } from '../../daemon/notify/config.js';
import { restartPolecat } from '../../daemon/restart.js';
import { type Assignee, reassignEscalation, respawnWithFeedback } from '../../daemon/triage.js';
import { loadChains } from '../../escalation/chains.js';
import { loadAgentsConfig } from '../../agents/presets.js';
import { attachCrew } from '../../polecats/crew.js';
import { emergencyStop, resumeTown } from '../../polecats/emergency-stop.js';
import { removePolecat } from '../../polecats/remove.js';
import { resolvePolecat } from '../../polecats/resolve.js';
import { verifyPolecatClean } from '../../polecats/verify.js';
import type { Runner } from '../../runtime/runner.js';
import { readMail, sendMail } from '../../town/mail.js';
import { readPolecats } from '../../town/polecat-state.js';
import type { Town } from '../../town/town.js';
import type { ActionHooks, PlanView } from './plan-view.js';

export type { Assignee } from '../../daemon/triage.js';

/** The operator-workflow actions of the cockpit: triage, emergency stop, crew, notifications. */
export interface WorkflowActions {
  /** A fresh session in the kept worktree (stuck: restart; dead: respawn). */
  restart(rig: string, polecat: string): Promise<string>;
  planRemove(rig: string, polecat: string): Promise<PlanView>;
  remove(rig: string, polecat: string): Promise<string>;
  respawnWithFeedback(mr: string): Promise<string>;
  /** Reply to an escalation's sender, then mark it read. */
  replyEscalation(mail: string, body: string): Promise<string>;
  /** Presets, then the chain tiers (preset and model): where an issue can be reassigned. */
  assignees(): Assignee[];
  reassign(mail: string, to: Assignee): Promise<string>;
  planStopAll(): Promise<PlanView>;
  stopAll(): Promise<string>;
  resume(): Promise<string>;
  attachCrew(rig: string, name: string): Promise<string>;
  /** config/notify.yaml (the cockpit rings the bell channel); undefined when unreadable. */
  notifyConfig(): NotifyConfig | undefined;
}

export function workflowActions(town: Town, runner: Runner, hooks: ActionHooks = {}): WorkflowActions {
  const ref = (rig: string, polecat: string) => resolvePolecat(town, `${rig}/${polecat}`);
  const inTerminal = <T>(fn: () => Promise<T>) =>
    process.env.TMUX || !hooks.suspend ? fn() : hooks.suspend(fn);
  return {
    async restart(rig, polecat) {
      const r = await restartPolecat(ref(rig, polecat));
      return `restarted ${rig}/${polecat} in ${r.session}`;
    },
    async planRemove(rig, polecat) {
      const p = ref(rig, polecat);
      const v = await verifyPolecatClean(runner, town, {
        rig,
        polecat,
        worktree: p.state.worktree,
        branch: p.state.branch,
      });
      return {
        title: `Remove ${rig}/${polecat}`,
        lines: [
          { text: `end session ${p.state.session} (if any)`, status: 'todo' },
          { text: `remove worktree ${p.state.worktree} and branch ${p.state.branch}`, status: 'todo' },
          ...v.losses.map((l) => ({ text: `would lose: ${l}`, status: 'blocked' as const })),
        ],
        canProceed: v.clean,
        blockers: v.clean
          ? []
          : ['it holds work that is not on main or pushed: respawn it or land it instead'],
      };
    },
    async remove(rig, polecat) {
      await removePolecat(ref(rig, polecat));
      return `removed ${rig}/${polecat}: nothing unlanded`;
    },
    respawnWithFeedback: (mr) => respawnWithFeedback(town, runner, mr),
    async replyEscalation(mail, body) {
      const m = town.townBeads.get(mail);
      const to = m?.sender ?? 'mayor';
      const subject = m
        ? (m.title.startsWith('Re: ') ? m.title : `Re: ${m.title}`).slice(0, 300)
        : 'Re: escalation';
      const sent = await sendMail(town, { to, subject, body, replyTo: mail, from: 'overseer' });
      await readMail(town, mail);
      return `reply ${sent.id} sent to ${to}; ${mail} marked read`;
    },
    assignees() {
      const presets = [...loadAgentsConfig(town.paths.configDir).presets.keys()].sort();
      const out: Assignee[] = presets.map((p) => ({ preset: p, label: p }));
      try {
        for (const [name, t] of Object.entries(loadChains(town.paths).tiers))
          out.push({
            preset: t.preset,
            ...(t.model ? { model: t.model } : {}),
            label: `tier ${name} (${t.preset}${t.model ? ` ${t.model}` : ''})`,
          });
      } catch {
        /* a broken chains.yaml: presets only */
      }
      return out;
    },
    reassign: (mail, to) => reassignEscalation(town, runner, mail, to),
    async planStopAll() {
      const live = town.rigNames().flatMap((rig) =>
        readPolecats(town.rigPaths(rig))
          .polecats.filter((p) => !['dead', 'done'].includes(p.state))
          .map((p) => `${rig}/${p.name} (${p.state})`),
      );
      return {
        title: 'Emergency stop: the whole town',
        lines: [
          { text: 'pause the daemon: no dispatch, next tier, respawn or nudge', status: 'todo' },
          ...live.map((p) => ({ text: `end the session of ${p}`, status: 'todo' as const })),
          { text: 'every worktree, branch and commit is kept; resume with U', status: 'ok' },
        ],
        canProceed: true,
        blockers: [],
      };
    },
    async stopAll() {
      const r = await emergencyStop(town, { all: true });
      return `emergency stop: ${r.stopped.length} session(s) ended, dispatch paused (U resumes)`;
    },
    async resume() {
      await resumeTown(town, { all: true });
      return 'resumed: dispatch is on again';
    },
    async attachCrew(rig, name) {
      const r = await inTerminal(() => attachCrew(town, runner, rig, name));
      return r.kind === 'tmux-pane'
        ? `opened a shell in ${rig}/crew/${name} (pane ${r.paneId})`
        : `back from ${rig}/crew/${name}`;
    },
    notifyConfig() {
      try {
        return loadNotifyConfig(town.paths);
      } catch {
        return undefined;
      }
    },
  };
}
