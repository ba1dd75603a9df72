import { randomBytes } from 'node:crypto';
import type { SshRunner } from '../../runtime/ssh/ssh-runner.js';
import type { AgentHost } from '../agent-session.js';
import { containerCommand } from './container.js';

/** A polecat's call token: its agent's calls to the town must carry it. */
export function newCallToken(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * An agent on an outpost: the helper's `overseer` (agent calls go to the
 * town over the connection, queued in the spool while it is down), the
 * host's own PATH and node, the scripted agent installed with the helper,
 * and the prompt under the town's directory there.
 */
export async function outpostAgentHost(
  r: SshRunner,
  p: { rig: string; name: string; call_token: string; session: string; worktree: string },
): Promise<AgentHost> {
  const info = await r.hostInfo();
  const spec = r.config.container;
  const shimDir = `${info.helper}/bin`;
  return {
    // In a container (config `container`): the same command, run by docker or podman there.
    ...(spec
      ? {
          wrap: (c) =>
            containerCommand(spec, {
              ...c,
              session: p.session,
              worktree: p.worktree,
              dir: r.config.dir,
              shimDir,
              ...(info.node ? { node: info.node } : {}),
              ...(info.user ? { user: info.user } : {}),
            }),
        }
      : {}),
    agentEnv: r.config.env,
    ...(info.home ? { home: info.home } : {}),
    lockedText: r.lockedText(),
    overseer: `${info.helper}/bin/overseer`,
    shimDir,
    path: info.path,
    node: info.node ?? 'node',
    scriptedAgent: `${info.helper}/scripted-agent.js`,
    promptFile: r.layout.prompt(p.rig, p.name),
    env: {
      OVERSEER_OUTPOST: r.host,
      OVERSEER_SPOOL: r.layout.spool,
      OVERSEER_GATEWAY: r.layout.gateway,
      OVERSEER_CALL_TOKEN: p.call_token,
    },
  };
}
