import { endAgentSession, type AgentStopResult } from '../runtime/agent-stop.js';
import { SshRunner } from '../runtime/ssh/ssh-runner.js';
import { containerRemoveCommand } from './outpost/container.js';
import type { Runner } from '../runtime/runner.js';
import type { Tmux } from '../runtime/tmux.js';
import { tmuxCall } from '../runtime/town-tmux.js';
import type { PolecatState } from '../town/schemas/polecat.js';
import type { Town } from '../town/town.js';
import { polecatMark } from './agent-session.js';

/**
 * End a polecat's session and its agent's whole process tree, children that
 * left the session included (TERM, then KILL after `graceMs`). Used by stop,
 * rm, witness cleanup, GC, respawn and a failed spawn alike.
 */
export async function endPolecatSession(
  town: Town,
  runner: Runner,
  tmux: Tmux,
  p: Pick<PolecatState, 'session' | 'created_at'>,
  opts: { graceMs?: number } = {},
): Promise<AgentStopResult> {
  const r = await tmuxCall(() =>
    endAgentSession(runner.processes, tmux, p.session, polecatMark(town, p), opts),
  );
  // In a container on its outpost: the container goes too (a killed client can leave it running).
  const spec = runner instanceof SshRunner ? runner.config.container : undefined;
  if (spec) {
    const [bin, ...args] = containerRemoveCommand(spec, p.session);
    await runner.run(bin!, args, { timeoutMs: 30_000 }).catch(() => undefined);
  }
  return r;
}
