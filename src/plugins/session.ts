import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getPreset, loadAgentsConfig } from '../agents/presets.js';
import { sanitize } from '../core/sanitize.js';
import { launchAgentSession } from '../polecats/agent-session.js';
import { deliverNudge } from '../runtime/nudge.js';
import type { Runner } from '../runtime/runner.js';
import type { Tmux } from '../runtime/tmux.js';
import { tmuxCall } from '../runtime/town-tmux.js';
import { addDetachedWorktree, baseRef } from '../runtime/worktree.js';
import type { PluginInfo } from '../town/plugins.js';
import { PLUGIN_INSTRUCTIONS, pluginAddress, pluginSession } from '../town/schemas/plugin.js';
import type { Town } from '../town/town.js';

/**
 * A plugin's agent session: a preset (like a polecat's) in the plugin's own
 * workspace, <rig>/plugins/NAME/rig, a detached worktree of the canonical
 * clone (so it sees every polecat branch). Started when a hook point needs
 * it and it is not running; a running one is nudged about new mail.
 */

export function pluginSessionName(town: Town, plugin: Pick<PluginInfo, 'rig' | 'name'>): string {
  return pluginSession(town.rig(plugin.rig).beads.prefix, plugin.name);
}

/** The plugin's instructions, then how requests and verdicts travel. */
export function pluginPrompt(plugin: PluginInfo, instructions: string): string {
  const addr = pluginAddress(plugin.rig, plugin.name);
  return [
    `You are plugin ${plugin.name} of rig ${plugin.rig}, an agent that Overseer consults at these hook`,
    `points: ${plugin.config.hooks.join(', ') || '(none: you answer mail only)'}. Your mail address is ${addr}.`,
    '',
    `Issue: plugin ${plugin.name}`,
    `Title: ${plugin.config.description ?? `plugin ${plugin.name}`}`,
    'Labels: plugin',
    '',
    '## Instructions',
    '',
    sanitize(instructions).trim(),
    '',
    '## Requests and verdicts',
    '',
    `Requests arrive as mail to ${addr} (label plugin-request). List them with`,
    `\`overseer mail inbox ${addr} --unread\`, read one with \`overseer mail read ID\`.`,
    'Answer each request with exactly one verdict, and a short reason:',
    '',
    '    overseer plugin answer ID proceed|hold|escalate --text "why"',
    '',
    'proceed lets the waiting step go ahead; hold keeps it waiting until you answer again (proceed',
    'releases it); escalate keeps it waiting and asks the human overseer. If you do not answer in',
    `time (${Math.round(plugin.config.timeout / 1000)}s), the step goes ahead without you and that is recorded.`,
    'When you have answered, wait for the next request.',
    '',
  ].join('\n');
}

export type EnsureResult = { session: string; started: boolean };

/** Start the plugin's session unless it runs (a dead pane is replaced). */
export async function ensurePluginSession(
  town: Town,
  runner: Runner,
  tmux: Tmux,
  plugin: PluginInfo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<EnsureResult> {
  const session = pluginSessionName(town, plugin);
  if (await tmux.hasSession(session)) {
    if (!(await tmux.paneDead(session).catch(() => true))) return { session, started: false };
    await tmux.killSession(session).catch(() => undefined);
  }
  const config = town.rig(plugin.rig);
  const paths = town.rigPaths(plugin.rig);
  const workspace = paths.pluginWorkspace(plugin.name);
  const canonical = runner.git(paths.canonicalClone);
  if (!existsSync(workspace))
    await addDetachedWorktree(canonical, workspace, await baseRef(canonical, config.default_branch));
  const agent = plugin.config.agent ?? config.default_agent;
  // Plugins have no polecat state to signal: no agent hooks.
  const preset = { ...getPreset(loadAgentsConfig(town.paths.configDir), agent), hooks: 'none' as const };
  const instructions = readFileSync(join(plugin.dir, PLUGIN_INSTRUCTIONS), 'utf8');
  await launchAgentSession(
    town,
    runner,
    tmux,
    {
      session,
      cwd: workspace,
      agent,
      preset,
      model: plugin.config.model ?? preset.default_model,
      prompt: pluginPrompt(plugin, instructions),
      promptFile: join(paths.runtimeDir, 'prompts', `plugin-${plugin.name}.md`),
      env: { OVERSEER_RIG: plugin.rig, OVERSEER_PLUGIN: plugin.name, ...plugin.config.env },
    },
    env,
  );
  return { session, started: true };
}

/** Tell a running plugin about a new request. */
export async function nudgePlugin(
  tmux: Tmux,
  session: string,
  requestId: string,
  hook: string,
): Promise<boolean> {
  const text = `New request ${requestId} (${hook}): overseer mail read ${requestId}, then overseer plugin answer ${requestId} proceed|hold|escalate --text "why"`;
  const r = await tmuxCall(() => deliverNudge(tmux, session, text)).catch(() => undefined);
  return r?.delivered === true;
}
