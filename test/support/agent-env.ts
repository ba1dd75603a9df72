import { dirname, join } from 'node:path';
import { stringify as yaml } from 'yaml';
import { cachedAgentCli, REAL_AGENTS } from '../../src/agents/agent-clis.js';
import { writeAgentHome, type AgentHome } from '../../src/agents/agent-home.js';

export const REAL_CLIS = REAL_AGENTS;
export type RealCli = (typeof REAL_CLIS)[number];
export type AgentEnv = AgentHome;

/**
 * A throwaway home for the real agent CLIs (pinned installs on PATH), pointed
 * at a model stand-in, with /tmp kept out of Codex's sandbox so a test proves
 * Overseer's commands work without it.
 */
export function agentEnv(dir: string, standinUrl: string): AgentEnv {
  const h = writeAgentHome(join(dir, 'agent-home'), standinUrl, { sandboxWithoutTmp: true });
  const bins = REAL_CLIS.map((c) => dirname(cachedAgentCli(c)));
  h.env.PATH = [...bins, process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin'].join(':');
  return h;
}

/** config/agents.yaml for a town whose agents use this environment (presets: the packaged ones). */
export function agentsYaml(env: AgentEnv, extra: Record<string, unknown> = {}): string {
  return yaml({ version: 1, env: env.env, ...extra });
}
