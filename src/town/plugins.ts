import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tryReadJson, writeJsonAtomic } from '../core/json-file.js';
import { withLock } from '../core/lock.js';
import { NAME_PATTERN } from '../core/names.js';
import { nowIso } from '../core/time.js';
import type { RigPaths } from './paths.js';
import {
  type Invocation,
  PLUGIN_CONFIG,
  PLUGIN_INSTRUCTIONS,
  PluginConfig,
  PluginRuntime,
} from './schemas/plugin.js';

/** A plugin as found on disk: its directory, config (defaults when it has none) and the daemon's record. */
export type PluginInfo = {
  rig: string;
  name: string;
  dir: string;
  config: PluginConfig;
  runtime?: PluginRuntime;
  /** Why the plugin cannot be used (bad plugin.json, no instructions file). */
  problem?: string;
};

const KEEP_INVOCATIONS = 50;

/** The plugins of a rig: every directory under <rig>/plugins/ with a valid name. Never throws. */
export function readPlugins(rig: RigPaths): PluginInfo[] {
  let names: string[];
  try {
    names = readdirSync(rig.pluginsDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && NAME_PATTERN.test(d.name))
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
  return names.map((name) => readPlugin(rig, name));
}

export function readPlugin(rig: RigPaths, name: string): PluginInfo {
  const dir = rig.pluginDir(name);
  const info: PluginInfo = { rig: rig.name, name, dir, config: PluginConfig.parse({}) };
  const cfgFile = join(dir, PLUGIN_CONFIG);
  if (existsSync(cfgFile)) {
    const c = tryReadJson(cfgFile, PluginConfig);
    if (c.ok) info.config = c.value;
    else info.problem = c.problem.message;
  }
  if (!info.problem && !existsSync(join(dir, PLUGIN_INSTRUCTIONS)))
    info.problem = `${join(dir, PLUGIN_INSTRUCTIONS)}: file is missing (a plugin's instructions)`;
  const r = tryReadJson(rig.pluginRuntime(name), PluginRuntime);
  if (r.ok) info.runtime = r.value;
  return info;
}

/** Doctor: each plugin that cannot be used (bad plugin.json, no instructions) is a finding. */
export function pluginFindings(rig: RigPaths): { file: string; message: string }[] {
  return readPlugins(rig)
    .filter((p) => p.problem !== undefined)
    .map((p) => ({ file: p.dir, message: p.problem! }));
}

/** Change a plugin's runtime record under its lock (the daemon and `plugin answer` may both write). */
export async function updatePluginRuntime(
  rig: RigPaths,
  name: string,
  fn: (invocations: Invocation[]) => Invocation[],
): Promise<PluginRuntime> {
  const file = rig.pluginRuntime(name);
  mkdirSync(rig.pluginRuntimeDir, { recursive: true });
  return withLock(file, async () => {
    const r = tryReadJson(file, PluginRuntime);
    const current = r.ok ? r.value.invocations : [];
    const next: PluginRuntime = {
      version: 1,
      rig: rig.name,
      name,
      updated_at: nowIso(),
      invocations: fn(current).slice(-KEEP_INVOCATIONS),
    };
    await writeJsonAtomic(file, next);
    return next;
  });
}
