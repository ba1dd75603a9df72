import { loadAgentsConfig } from '../../agents/presets.js';
import { extraCaAside, overseerBin } from '../../core/package-root.js';
import { sanitize } from '../../core/sanitize.js';
import { answerPolecat } from '../../polecats/answer.js';
import { attachPolecat, nudgePolecat, peekPolecat, stopPolecat } from '../../polecats/session-ops.js';
import { resolvePolecat } from '../../polecats/resolve.js';
import { spawnPolecat } from '../../polecats/spawn.js';
import { forcePlan, land, planLanding, type LandingPlan } from '../../refinery/land.js';
import { rejectMergeRequest, retryMergeRequest } from '../../refinery/queue-ops.js';
import type { Runner } from '../../runtime/runner.js';
import { readMail, sendMail } from '../../town/mail.js';
import { blockOnOverlap, nudgeAboutOverlap } from '../../oracle/steer.js';
import { attachPlugin, nudgePluginSession, peekPlugin, stopPlugin } from '../../plugins/session-ops.js';
import type { Town } from '../../town/town.js';
import type { ActionHooks, PlanView } from './plan-view.js';
import { type WorkflowActions, workflowActions } from './workflow-actions.js';
import { type OutpostActions, outpostActions } from './outpost-actions.js';

export type { ActionHooks, PlanView } from './plan-view.js';

/**
 * Everything the cockpit can do to the town, in one place. Each action calls
 * the library operation the CLI uses (never a re-implementation) and returns
 * a one-line outcome for the status bar; failures throw with the library's
 * message. The view then refreshes from the store: files are the truth.
 */
export type CliRun = { code: number; output: string };

export interface CockpitActions extends WorkflowActions, OutpostActions {
  presets(): string[];
  defaultPreset(rig: string): string;
  spawn(issue: string, preset: string): Promise<string>;
  nudge(rig: string, polecat: string, message: string): Promise<string>;
  /** `overseer answer`: keys or approve/deny; throws when the question is still shown. */
  answer(rig: string, polecat: string, keys: string[]): Promise<string>;
  peek(rig: string, polecat: string, lines: number): Promise<string>;
  attach(rig: string, polecat: string): Promise<string>;
  planLand(rig: string, polecat: string): Promise<PlanView>;
  land(rig: string, polecat: string, opts?: { force?: boolean; plan?: PlanView }): Promise<string>;
  planStop(rig: string, polecat: string): Promise<PlanView>;
  stop(rig: string, polecat: string): Promise<string>;
  sendMail(input: { to: string; subject: string; body: string; replyTo?: string }): Promise<string>;
  markRead(id: string): Promise<void>;
  retryMr(id: string): Promise<string>;
  rejectMr(id: string, reason: string): Promise<string>;
  /** Overlaps: tell POLECAT what OTHER changes (mail + nudge), or make its issue wait for OTHER's. */
  overlapNudge(rig: string, polecat: string, other?: string): Promise<string>;
  overlapBlock(rig: string, polecat: string, other?: string): Promise<string>;
  /** Run any CLI operation (`overseer ARGS --town T`) through the runner: the command palette. */
  runCli(args: string[]): Promise<CliRun>;
}

export function planFromLanding(p: LandingPlan): PlanView {
  return {
    title: `Land ${p.rig}/${p.polecat} (${p.branch}${p.issue ? `, ${p.issue}` : ''})`,
    lines: p.steps.map((s) => ({ text: s.text, status: s.status })),
    canProceed: p.canLand,
    blockers: p.blockers,
    landing: p,
  };
}

/**
 * What the cockpit shows for a land: the plan, or — when only checks --force
 * may skip block it (a done agent idling in its session) — the forced plan.
 * Pure: the plan is computed once per keypress.
 */
export function landingView(plan: LandingPlan): PlanView {
  if (plan.canLand) return planFromLanding(plan);
  const forced = forcePlan(plan);
  if (!forced.canLand) return planFromLanding(plan);
  return {
    ...planFromLanding(forced),
    forced: true,
    title: `Land ${plan.rig}/${plan.polecat} with --force (${plan.blockers.join('; ')})`,
  };
}

/** Plugin rows of the agents pane carry the name `plugin:NAME`: their session is the plugin's. */
const pluginOf = (name: string) => (name.startsWith('plugin:') ? name.slice('plugin:'.length) : undefined);

export function townActions(town: Town, runner: Runner, hooks: ActionHooks = {}): CockpitActions {
  const ref = (rig: string, polecat: string) => resolvePolecat(town, `${rig}/${polecat}`);
  const actions: CockpitActions = {
    ...workflowActions(town, runner, hooks),
    ...outpostActions(town, hooks),
    presets: () => [...loadAgentsConfig(town.paths.configDir).presets.keys()].sort(),
    defaultPreset: (rig) => {
      try {
        return town.rig(rig).default_agent;
      } catch {
        return 'scripted';
      }
    },
    async spawn(issue, preset) {
      const r = await spawnPolecat(town, { issue, agent: preset });
      return `spawned ${r.polecat.rig}/${r.polecat.name} (${r.polecat.agent}) on ${issue}`;
    },
    async nudge(rig, polecat, message) {
      const plugin = pluginOf(polecat);
      if (plugin) {
        const r = await nudgePluginSession(town, runner, `${rig}/${plugin}`, message);
        return `nudged plugin ${rig}/${plugin}: ${r.delivered ? 'delivered' : 'NOT delivered'} (${r.detail})`;
      }
      const r = await nudgePolecat(ref(rig, polecat), message);
      return `nudged ${rig}/${polecat}: ${r.delivered ? 'delivered' : 'NOT delivered'} (${r.detail})`;
    },
    async answer(rig, polecat, keys) {
      const r = await answerPolecat(ref(rig, polecat), keys);
      if (!r.answered) throw new Error(`${rig}/${polecat}: ${r.detail}`);
      return `answered ${rig}/${polecat}: ${r.detail}`;
    },
    async peek(rig, polecat, lines) {
      const plugin = pluginOf(polecat);
      if (plugin) return peekPlugin(town, runner, `${rig}/${plugin}`, lines);
      return peekPolecat(ref(rig, polecat), { lines });
    },
    async attach(rig, polecat) {
      const plugin = pluginOf(polecat);
      const go = () =>
        plugin ? attachPlugin(town, runner, `${rig}/${plugin}`) : attachPolecat(ref(rig, polecat));
      // Outside tmux the agent takes over this terminal until the operator detaches.
      const r = process.env.TMUX || !hooks.suspend ? await go() : await hooks.suspend(go);
      return r.kind === 'tmux-pane'
        ? `opened ${rig}/${polecat} in tmux pane ${r.paneId}`
        : `back from ${rig}/${polecat}`;
    },
    planLand: async (rig, polecat) => landingView(await planLanding(town, rig, polecat, { runner })),
    async land(rig, polecat, opts) {
      const r = await land(town, rig, polecat, { force: opts?.force, plan: opts?.plan?.landing, runner });
      return `landed ${rig}/${polecat}${r.landed ? '' : ' (nothing merged)'}${opts?.force ? ' (forced)' : ''}`;
    },
    async planStop(rig, polecat) {
      const plugin = pluginOf(polecat);
      if (plugin)
        return {
          title: `Stop plugin ${rig}/${plugin}`,
          lines: [
            { text: `end its session; the daemon starts it again at its next hook point`, status: 'todo' },
          ],
          canProceed: true,
          blockers: [],
        };
      const p = ref(rig, polecat);
      return {
        title: `Stop ${rig}/${polecat}`,
        lines: [
          { text: `send Ctrl-C to session ${p.state.session}, then end it`, status: 'todo' },
          { text: `mark ${polecat} dead (was ${p.state.state}: ${p.state.state_reason})`, status: 'todo' },
          { text: `worktree ${p.state.worktree} and branch ${p.state.branch} are kept`, status: 'ok' },
        ],
        canProceed: true,
        blockers: [],
      };
    },
    async stop(rig, polecat) {
      const plugin = pluginOf(polecat);
      if (plugin) return stopPlugin(town, runner, `${rig}/${plugin}`);
      const r = await stopPolecat(ref(rig, polecat));
      return `stopped ${rig}/${polecat}${r.hadSession ? '' : ' (no session was running)'}`;
    },
    async sendMail(input) {
      const m = await sendMail(town, { ...input, from: 'overseer' });
      return `mail ${m.id} sent to ${input.to}`;
    },
    async markRead(id) {
      await readMail(town, id);
    },
    async retryMr(id) {
      await retryMergeRequest(town, id);
      return `${id} back in the queue`;
    },
    async rejectMr(id, reason) {
      await rejectMergeRequest(town, id, reason);
      return `${id} rejected`;
    },
    async overlapNudge(rig, polecat, other) {
      const r = await nudgeAboutOverlap(town, `${rig}/${polecat}`, other);
      return `told ${r.polecat} about ${r.others.join(', ')} (mail ${r.mail}); nudge ${r.delivered ? 'delivered' : 'NOT delivered'}`;
    },
    async overlapBlock(rig, polecat, other) {
      const r = await blockOnOverlap(town, `${rig}/${polecat}`, other);
      return `${r.polecat} now waits for ${r.waitsFor.join(', ')} to land`;
    },
    runCli: (args) => runOverseer(runner, town.root, args),
  };
  return actions;
}

/** `node bin/overseer.js --town ROOT ARGS` through the runner: argument array, no shell; output sanitized. */
export async function runOverseer(runner: Runner, root: string, args: string[]): Promise<CliRun> {
  const r = await runner.run(process.execPath, [overseerBin(), '--town', root, ...args], {
    env: { NO_COLOR: '1', ...extraCaAside() },
    timeoutMs: 120_000,
    maxBuffer: 4 << 20,
  });
  const code = r.code === 0 && !r.timedOut ? 0 : r.code > 0 ? r.code : 1;
  const why = r.timedOut ? 'timed out after 120 s' : r.signal ? `killed by ${r.signal}` : `exit ${code}`;
  const output = sanitize(`${r.stdout}${r.stderr}`).trimEnd() || (code !== 0 ? why : '');
  return { code, output };
}
