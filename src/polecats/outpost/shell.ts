import { loadAgentsConfig } from '../../agents/presets.js';
import { type AttachResult, attach } from '../../runtime/attach.js';
import { runnerFor, sshRunnerFor } from '../../runtime/hosts.js';
import { townSocketName } from '../../runtime/town-tmux.js';
import type { Town } from '../../town/town.js';

/**
 * A login shell on an outpost, in Overseer's directory there, opened the way
 * attach opens a remote agent: beside the cockpit inside tmux, else in this
 * terminal until the shell exits. The connection is checked first, so an
 * unreachable outpost is refused with its message instead of a dead pane.
 */
export async function attachOutpostShell(
  town: Town,
  name: string,
  opts: { mode?: 'split' | 'window' } = {},
): Promise<AttachResult> {
  const r = sshRunnerFor(town, name);
  await r.conn.ensure();
  const mode = opts.mode ?? loadAgentsConfig(town.paths.configDir).attach;
  return attach(runnerFor(town), {
    socket: townSocketName(town),
    session: '',
    mode,
    client: r.shellClient(),
  });
}
