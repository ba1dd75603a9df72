import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { OverseerError } from '../core/errors.js';
import { stopDaemon } from '../daemon/control.js';
import { stopPolecat } from '../polecats/session-ops.js';
import { townProcesses, endTownProcesses } from '../runtime/town-procs.js';
import { townServer, townSocketName } from '../runtime/town-tmux.js';
import type { LocalRunner } from '../runtime/local-runner.js';
import { polecatRef } from '../polecats/resolve.js';
import { readPolecats } from '../town/polecat-state.js';
import type { Town } from '../town/town.js';
import { stopRealAgentStandin } from './real-agent.js';

export const DEMO_TOWN_NAME = 'demo';

/** A town `overseer demo` built: named demo, with the demo's origin inside. */
export function isDemoTown(town: Town): boolean {
  return town.file.name === DEMO_TOWN_NAME && existsSync(join(town.paths.runtimeDir, 'demo-origin'));
}

export type DemoStop = {
  daemon?: number;
  agents: string[];
  server: boolean;
  swept: number;
  /** The model stand-in of `demo --agent`, when it ran. */
  standin?: number;
};

/**
 * `overseer demo stop DIR`: the daemon (it finishes its tick), every agent
 * session, the town's tmux server, and whatever process of the demo is left
 * (a pool refill, an agent's child that left its session), and the model
 * stand-in of `demo --agent`. The town's files
 * stay for a look afterwards.
 */
export async function stopDemo(town: Town, runner: LocalRunner): Promise<DemoStop> {
  if (!isDemoTown(town))
    throw new OverseerError(
      'not-a-demo',
      `${town.root} is not a demo town; stop a real town with: overseer stop --all, overseer daemon stop`,
    );
  const d = await stopDaemon(runner, town.paths);
  const tmux = runner.tmux(townServer(town));
  const agents: string[] = [];
  for (const rig of town.rigNames()) {
    const paths = town.rigPaths(rig);
    for (const p of readPolecats(paths).polecats) {
      const r = await stopPolecat(polecatRef(town, p), { tmux, force: true, actor: 'demo stop' });
      if (r.hadSession) agents.push(`${rig}/${p.name}`);
    }
  }
  // The server ends with its last session; killed here in case a session was not a polecat's.
  const server = (await tmux.killServer().catch(() => false)) || agents.length > 0;
  const swept = await endTownProcesses(townProcesses(town.root));
  const standin = await stopRealAgentStandin(town, runner);
  await town.events.emit({
    kind: 'demo.stopped',
    actor: 'overseer',
    message: `demo stopped: daemon ${d.stopped ? `pid ${d.pid}` : 'was not running'}, ${agents.length} agent session(s), tmux server ${townSocketName(town)}${swept ? `, ${swept} leftover process(es)` : ''}`,
  });
  return { ...(d.stopped ? { daemon: d.pid } : {}), agents, server, swept, ...(standin ? { standin } : {}) };
}
