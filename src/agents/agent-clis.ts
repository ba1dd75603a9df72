import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { packageRoot } from '../core/package-root.js';

/**
 * Where the real agent CLIs are: the pinned installs in Overseer's cache
 * (scripts/agent-clis.mjs puts them there), else the user's own on PATH.
 */
export const REAL_AGENTS = ['claude', 'codex', 'gemini'] as const;
export type RealAgent = (typeof REAL_AGENTS)[number];

type Pin = { package: string; version: string; bin: string };

export function agentCliPins(): Record<RealAgent, Pin> {
  return JSON.parse(readFileSync(join(packageRoot(), 'config', 'agent-clis.json'), 'utf8')) as Record<
    RealAgent,
    Pin
  >;
}

export function agentCliCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.OVERSEER_AGENT_CLIS) return env.OVERSEER_AGENT_CLIS;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'overseer', 'agent-clis');
}

/** The pinned install's executable, whether or not it is there. */
export function cachedAgentCli(name: RealAgent, env: NodeJS.ProcessEnv = process.env): string {
  const pin = agentCliPins()[name];
  return join(agentCliCacheDir(env), `${name}-${pin.version}`, 'node_modules', '.bin', pin.bin);
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The CLI to run: the pinned install if it is there, else the first on PATH; undefined if neither. */
export function findAgentCli(name: RealAgent, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const cached = cachedAgentCli(name, env);
  if (existsSync(cached) && executable(cached)) return cached;
  const bin = agentCliPins()[name].bin;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && executable(join(dir, bin))) return join(dir, bin);
  }
  return undefined;
}
