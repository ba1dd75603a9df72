import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getPreset, loadAgentsConfig } from '../agents/presets.js';
import { parseDuration } from '../core/duration.js';
import { OverseerError } from '../core/errors.js';
import { assertName } from '../core/names.js';
import { packageRoot } from '../core/package-root.js';
import { sanitizeLine } from '../core/sanitize.js';
import { sendMail, type Message } from '../town/mail.js';
import { type PluginInfo, readPlugin, readPlugins, updatePluginRuntime } from '../town/plugins.js';
import {
  HOOK_POINTS,
  type HookPoint,
  PLUGIN_CONFIG,
  PLUGIN_INSTRUCTIONS,
  PLUGIN_VERDICTS,
  PluginConfig,
  type Verdict,
  pluginAddress,
} from '../town/schemas/plugin.js';
import type { Town } from '../town/town.js';

/** `overseer plugin add/list/status/answer`: plugins on disk, and answering a request. */

/** The example plugins that ship with Overseer (<package>/plugins/NAME). */
export function examplePluginDir(name: string): string {
  return join(packageRoot(), 'plugins', name);
}

export type AddPluginInput = {
  rig: string;
  name: string;
  hooks?: string[];
  agent?: string;
  timeout?: string;
  description?: string;
  /** A file to copy as the instructions. */
  instructions?: string;
  /** Start from a shipped example (merge-oracle); the other options override its config. */
  example?: string;
};

const DEFAULT_INSTRUCTIONS = (name: string) =>
  `# ${name}\n\nDescribe what this plugin checks at its hook points, and when it answers proceed, hold or escalate.\n`;

/** Create <rig>/plugins/NAME with its instructions and plugin.json: all of it or nothing. */
export async function addPlugin(town: Town, input: AddPluginInput): Promise<PluginInfo> {
  const config = town.rig(input.rig);
  const name = assertName('plugin', input.name);
  const paths = town.rigPaths(input.rig);
  const dir = paths.pluginDir(name);
  if (existsSync(dir))
    throw new OverseerError('plugin-exists', `plugin ${input.rig}/${name} already exists: ${dir}`);
  let base: Record<string, unknown> = { version: 1 };
  let instructions = DEFAULT_INSTRUCTIONS(name);
  if (input.example !== undefined) {
    const ex = examplePluginDir(assertName('plugin', input.example));
    if (!existsSync(join(ex, PLUGIN_INSTRUCTIONS)))
      throw new OverseerError(
        'unknown-example',
        `no example plugin ${JSON.stringify(input.example)}; examples: merge-oracle`,
      );
    base = JSON.parse(readFileSync(join(ex, PLUGIN_CONFIG), 'utf8')) as Record<string, unknown>;
    instructions = readFileSync(join(ex, PLUGIN_INSTRUCTIONS), 'utf8');
  }
  if (input.instructions !== undefined) {
    try {
      instructions = readFileSync(input.instructions, 'utf8');
    } catch (e) {
      throw new OverseerError(
        'bad-instructions',
        `cannot read --instructions ${input.instructions}: ${(e as NodeJS.ErrnoException).code}`,
      );
    }
  }
  for (const h of input.hooks ?? [])
    if (!(HOOK_POINTS as readonly string[]).includes(h))
      throw new OverseerError(
        'bad-hook',
        `unknown hook point ${JSON.stringify(h)}; hook points: ${HOOK_POINTS.join(', ')}`,
      );
  if (input.timeout !== undefined && parseDuration(input.timeout) === undefined)
    throw new OverseerError(
      'bad-timeout',
      `invalid --timeout ${JSON.stringify(input.timeout)}: use e.g. 90s, 5m`,
    );
  const raw = {
    ...base,
    ...(input.hooks?.length ? { hooks: input.hooks } : {}),
    ...(input.agent ? { agent: input.agent } : {}),
    ...(input.timeout ? { timeout: input.timeout } : {}),
    ...(input.description ? { description: input.description } : {}),
  };
  const parsed = PluginConfig.safeParse(raw);
  if (!parsed.success)
    throw new OverseerError('bad-plugin', `plugin config: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  getPreset(loadAgentsConfig(town.paths.configDir), parsed.data.agent ?? config.default_agent);
  // Written beside, then renamed into place: a failure leaves no half-made plugin.
  mkdirSync(paths.pluginsDir, { recursive: true });
  const tmp = join(paths.pluginsDir, `.${name}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    mkdirSync(tmp);
    writeFileSync(join(tmp, PLUGIN_INSTRUCTIONS), instructions);
    writeFileSync(join(tmp, PLUGIN_CONFIG), JSON.stringify(raw, null, 2) + '\n');
    renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  // Its (empty) runtime record: what the cockpit watches for plugins.
  await updatePluginRuntime(paths, name, (list) => list);
  await town.events.emit({
    kind: 'plugin.added',
    actor: 'overseer',
    rig: input.rig,
    subject: pluginAddress(input.rig, name),
    message: `plugin ${input.rig}/${name} added (hooks: ${parsed.data.hooks.join(', ') || 'none'})`,
  });
  return readPlugin(paths, name);
}

export function listPlugins(town: Town, rig?: string): PluginInfo[] {
  const rigs = rig ? [town.rig(rig).name] : town.rigNames();
  return rigs.flatMap((r) => readPlugins(town.rigPaths(r)));
}

/** `RIG/NAME` or a NAME unique across rigs. */
export function resolvePlugin(town: Town, arg: string): PluginInfo {
  const parts = arg.split('/');
  if (parts.length === 2) {
    town.rig(parts[0]!);
    const hit = readPlugins(town.rigPaths(parts[0]!)).find((p) => p.name === parts[1]);
    if (hit) return hit;
  } else {
    const hits = listPlugins(town).filter((p) => p.name === arg);
    if (hits.length === 1) return hits[0]!;
    if (hits.length > 1)
      throw new OverseerError(
        'ambiguous-plugin',
        `plugin ${JSON.stringify(arg)} exists in several rigs: ${hits.map((h) => `${h.rig}/${h.name}`).join(', ')}`,
      );
  }
  const known = listPlugins(town).map((p) => `${p.rig}/${p.name}`);
  throw new OverseerError(
    'unknown-plugin',
    `no plugin ${JSON.stringify(arg)}; plugins: ${known.join(', ') || '(none)'}`,
  );
}

/**
 * Answer a plugin request with a verdict: a reply from the plugin (run in
 * its session: OVERSEER_RIG and OVERSEER_PLUGIN say which) or, from
 * anywhere else, from the overseer (who may release a hold).
 */
export async function answerRequest(
  town: Town,
  requestId: string,
  verdict: string,
  text: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Message> {
  if (!(PLUGIN_VERDICTS as readonly string[]).includes(verdict))
    throw new OverseerError(
      'bad-verdict',
      `invalid verdict ${JSON.stringify(verdict)}: use proceed, hold or escalate`,
    );
  const req = town.townBeads.get(requestId);
  if (!req || req.issue_type !== 'message' || !req.labels.includes('plugin-request') || !req.assignee)
    throw new OverseerError('unknown-request', `no plugin request ${JSON.stringify(requestId)}`);
  const self =
    env.OVERSEER_RIG && env.OVERSEER_PLUGIN
      ? pluginAddress(env.OVERSEER_RIG, env.OVERSEER_PLUGIN)
      : undefined;
  if (self && self !== req.assignee)
    throw new OverseerError('not-yours', `request ${requestId} is for ${req.assignee}, not ${self}`);
  const hook = (req.labels.find((l) => l.startsWith('hook:')) ?? 'hook:?').slice(5) as HookPoint;
  const clean = sanitizeLine(text, 250);
  return sendMail(town, {
    to: req.sender ?? 'overseer',
    from: self ?? 'overseer',
    replyTo: requestId,
    subject: `${verdict as Verdict}${clean ? `: ${clean}` : ''}`,
    body: `${hook} verdict for request ${requestId}: ${verdict}${clean ? `\n\n${clean}` : ''}`,
    labels: ['plugin-verdict', `hook:${hook}`],
  });
}
