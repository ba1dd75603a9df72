import { loadAgentsConfig } from '../agents/presets.js';
import { OverseerError } from '../core/errors.js';
import { sanitize } from '../core/sanitize.js';
import { attach, type AttachResult } from '../runtime/attach.js';
import { deliverNudge, type NudgeResult } from '../runtime/nudge.js';
import type { Runner } from '../runtime/runner.js';
import { tmuxCall, townServer, townSocketName } from '../runtime/town-tmux.js';
import type { Town } from '../town/town.js';
import { resolvePlugin } from './ops.js';
import { pluginSessionName } from './session.js';

/** A plugin's session seen like a polecat's from the cockpit: peek, nudge, attach, stop. */

async function liveSession(
  town: Town,
  runner: Runner,
  plugin: string,
): Promise<{ session: string; name: string }> {
  const p = resolvePlugin(town, plugin);
  const session = pluginSessionName(town, p);
  const tmux = runner.tmux(townServer(town));
  if (!(await tmuxCall(() => tmux.hasSession(session))))
    throw new OverseerError(
      'no-session',
      `plugin ${p.rig}/${p.name} has no session (${session}); the daemon starts it at its next hook point`,
    );
  return { session, name: `${p.rig}/${p.name}` };
}

export async function peekPlugin(town: Town, runner: Runner, plugin: string, lines = 40): Promise<string> {
  const { session } = await liveSession(town, runner, plugin);
  const tmux = runner.tmux(townServer(town));
  return sanitize(await tmuxCall(() => tmux.capturePane(session, { lines })));
}

export async function nudgePluginSession(
  town: Town,
  runner: Runner,
  plugin: string,
  message: string,
): Promise<NudgeResult> {
  const { session } = await liveSession(town, runner, plugin);
  return tmuxCall(() => deliverNudge(runner.tmux(townServer(town)), session, message));
}

export async function attachPlugin(town: Town, runner: Runner, plugin: string): Promise<AttachResult> {
  const { session } = await liveSession(town, runner, plugin);
  const mode = loadAgentsConfig(town.paths.configDir).attach;
  return tmuxCall(() => attach(runner, { socket: townSocketName(town), session, mode }));
}

/** End its session (the daemon starts a new one at the next hook point that needs it). */
export async function stopPlugin(town: Town, runner: Runner, plugin: string): Promise<string> {
  const { session, name } = await liveSession(town, runner, plugin);
  await runner
    .tmux(townServer(town))
    .killSession(session)
    .catch(() => undefined);
  await town.events.emit({
    kind: 'plugin.stopped',
    actor: 'overseer',
    subject: name,
    message: `stopped plugin ${name}`,
  });
  return `stopped plugin ${name}`;
}
