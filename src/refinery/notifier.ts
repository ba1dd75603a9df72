import { createHash } from 'node:crypto';
import { execa } from 'execa';
import { sanitizeLine } from '../core/sanitize.js';
import type { Town } from '../town/town.js';

/**
 * What the refinery needs from the runtime: is a polecat's session alive,
 * and type a short message into it. Kept behind this interface so the
 * refinery does not depend on how sessions are run.
 */
export type PolecatNotifier = {
  isAlive(rig: string, polecat: string): Promise<boolean>;
  nudge(rig: string, polecat: string, text: string): Promise<void>;
};

/**
 * The town's tmux socket name, as the agents branch's townSocketName:
 * $OVERSEER_TMUX_SOCKET, else `tmux_socket` in mayor/town.json, else
 * ov-<sha1(root)[:10]>.
 */
export function townSocket(town: Town): string {
  const env = process.env.OVERSEER_TMUX_SOCKET;
  if (env) return env;
  const fromFile = (town.file as { tmux_socket?: unknown }).tmux_socket;
  if (typeof fromFile === 'string' && fromFile !== '') return fromFile;
  return 'ov-' + createHash('sha1').update(town.root).digest('hex').slice(0, 10);
}

/** Session name of a polecat: ov-<rigprefix>-<polecat>. */
export function polecatSession(town: Town, rig: string, polecat: string): string {
  return `ov-${town.rig(rig).beads.prefix}-${polecat}`;
}

/** Default notifier: the town's tmux server, argument arrays only. */
export function tmuxNotifier(town: Town): PolecatNotifier {
  const tmux = (args: string[]) =>
    execa('tmux', ['-L', townSocket(town), ...args], { reject: false, stdin: 'ignore' });
  return {
    async isAlive(rig, polecat) {
      const r = await tmux(['has-session', '-t', `=${polecatSession(town, rig, polecat)}`]);
      return r.exitCode === 0;
    },
    async nudge(rig, polecat, text) {
      const target = `=${polecatSession(town, rig, polecat)}:`;
      const line = sanitizeLine(text, 500);
      const r = await tmux(['send-keys', '-t', target, '-l', '--', line]);
      if (r.exitCode !== 0) return;
      await new Promise((res) => setTimeout(res, 100));
      await tmux(['send-keys', '-t', target, 'Enter']);
    },
  };
}
