import { writeFileSync } from 'node:fs';
import { startStandin, type Standin } from '../../src/standin/server.js';
import type { ScriptInput } from '../../src/standin/script.js';
import { agentEnv, agentsYaml, type AgentEnv } from '../support/agent-env.js';
import { daemonTown, type DaemonFixture } from '../support/daemon-town.js';
import { killTownProcesses } from '../support/town-processes.js';

/**
 * A real town with a daemon to tick, whose agents are the real CLIs (pinned
 * installs, throwaway homes) talking to a model stand-in in this process.
 */
/** Real agents take seconds between outputs: no stuck or idle nudges unless a test asks for them. */
export const REAL_SETTINGS = {
  version: 1,
  tick_interval: '200ms',
  witness: {
    stuck_after: '5m',
    nudge_cooldown: '5s',
    nudge_echo_grace: '1500ms',
    max_nudges: 3,
    verify_cooldown: '500ms',
  },
};

export type RealFixture = DaemonFixture & { standin: Standin; agents: AgentEnv };

export async function realTown(
  opts: {
    settings?: { witness?: object; budgets?: object; usage?: object };
    /** More variables for every agent session. */
    env?: Record<string, string>;
    scripts?: Record<string, ScriptInput>;
  } = {},
): Promise<RealFixture> {
  const standin = await startStandin({ thinkMs: 150, chunkMs: 5, scripts: opts.scripts });
  let fx: DaemonFixture;
  try {
    fx = await daemonTown({
      settings: {
        ...REAL_SETTINGS,
        ...opts.settings,
        witness: { ...REAL_SETTINGS.witness, ...opts.settings?.witness },
      },
    });
  } catch (e) {
    await standin.close();
    throw e;
  }
  const agents = agentEnv(fx.dir, standin.url);
  Object.assign(agents.env, opts.env);
  writeFileSync(fx.town.paths.configFile('agents.yaml'), agentsYaml(agents));
  const f = fx;
  /** On a timeout, what each agent's pane shows: the first thing to read when a real CLI test fails. */
  const tickUntil: DaemonFixture['tickUntil'] = async (what, fn, timeoutMs) => {
    try {
      return await f.tickUntil(what, fn, timeoutMs ?? 120_000);
    } catch (e) {
      const panes: string[] = [];
      for (const s of await f.tmux.listSessions().catch(() => []))
        panes.push(`--- ${s.name}\n${await f.tmux.capturePane(s.name, { lines: 40 }).catch(() => '(gone)')}`);
      (e as Error).message +=
        `\npanes:\n${panes.join('\n')}\nstand-in: ${JSON.stringify(standin.engine.progress())}`;
      throw e;
    }
  };
  return {
    ...fx,
    tickUntil,
    standin,
    agents,
    cleanup: async () => {
      await fx.cleanup();
      // Agents that outlived their tmux server (until stops end whole process trees).
      killTownProcesses(fx.town.root);
      await standin.close();
    },
  };
}
