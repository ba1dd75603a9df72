import { createHash } from 'node:crypto';
import { OverseerError } from '../core/errors.js';
import { LOCAL_HOST, OutpostFiles, OutpostLayout, outpostConfig, townKey } from '../town/outposts.js';
import type { OutpostConfig } from '../town/schemas/outpost.js';
import type { Town } from '../town/town.js';
import { LocalRunner } from './local-runner.js';
import type { Runner } from './runner.js';
import { SshRunner } from './ssh/ssh-runner.js';

const here = new LocalRunner();
/** One SshRunner (one connection, its backoff) per town, outpost and config, for this process's life. */
const outposts = new Map<string, SshRunner>();

/**
 * The runner for one host of a town: `local` is this machine, any other
 * name an outpost of config/outposts.yaml (`type: ssh`). This is the one
 * place that picks an implementation of Runner; every operation that acts
 * on a polecat asks for the runner of the polecat's `outpost`.
 */
export function runnerFor(town: Town): LocalRunner;
export function runnerFor(town: Town, host: string): Runner;
export function runnerFor(town: Town, host = LOCAL_HOST): Runner {
  if (host === LOCAL_HOST) return here;
  return outpostRunner(town, outpostConfig(town.paths, host));
}

/** The SSH runner of an outpost whose config is at hand (e.g. one being checked before it is saved). */
export function outpostRunner(town: Town, config: OutpostConfig): SshRunner {
  const key = `${town.root}\0${createHash('sha1').update(JSON.stringify(config)).digest('hex')}`;
  let r = outposts.get(key);
  if (!r) {
    const files = new OutpostFiles(town.paths);
    r = new SshRunner({
      config,
      layout: new OutpostLayout(config.dir, townKey(town.paths)),
      controlPath: files.controlSocket(config.name),
      gatewaySocket: files.gatewaySocket(config.name),
      local: here,
    });
    outposts.set(key, r);
  }
  return r;
}

/** An SshRunner, or a clear error naming the host when it is this machine. */
export function sshRunnerFor(town: Town, host: string): SshRunner {
  const r = runnerFor(town, host);
  if (!(r instanceof SshRunner))
    throw new OverseerError('not-an-outpost', `${JSON.stringify(host)} is this machine, not an outpost`);
  return r;
}

/** Close every outpost connection this process opened for the town (tests, `outpost remove`). */
export async function closeOutposts(town: Town): Promise<void> {
  for (const [key, r] of outposts) {
    if (!key.startsWith(`${town.root}\0`)) continue;
    await r.close().catch(() => undefined);
    outposts.delete(key);
  }
}
