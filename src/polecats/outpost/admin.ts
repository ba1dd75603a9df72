import { OverseerError } from '../../core/errors.js';
import { closeOutposts, sshRunnerFor } from '../../runtime/hosts.js';
import { LOCAL_HOST, loadOutposts, readOutpostStatus, saveOutposts } from '../../town/outposts.js';
import type { OutpostConfig, OutpostStatus } from '../../town/schemas/outpost.js';
import type { Town } from '../../town/town.js';
import { polecatsAt, polecatsOn } from './slots.js';
import { syncOutpost } from './sync.js';

/** Add an outpost to config/outposts.yaml (validated whole; a bad field names itself, nothing is written). */
export function addOutpost(
  town: Town,
  entry: Record<string, unknown>,
  opts: { prefer?: boolean } = {},
): OutpostConfig {
  const file = loadOutposts(town.paths);
  const name = String(entry.name);
  if (file.outposts.some((o) => o.name === name))
    throw new OverseerError('outpost-exists', `outpost ${name} already exists; remove it first to change it`);
  const preference = opts.prefer === false ? file.policy.preference : [...file.policy.preference, name];
  const saved = saveOutposts(town.paths, {
    ...file,
    outposts: [...file.outposts, entry],
    policy: { ...file.policy, preference },
  });
  return saved.outposts.find((o) => o.name === name)!;
}

/** Remove an outpost; refused while polecats of the town are there, running or not (their worktrees would be out of reach). */
export async function removeOutpost(town: Town, name: string): Promise<void> {
  const file = loadOutposts(town.paths);
  if (!file.outposts.some((o) => o.name === name))
    throw new OverseerError(
      'unknown-outpost',
      `no outpost ${JSON.stringify(name)}; outposts: ${file.outposts.map((o) => o.name).join(', ') || '(none)'}`,
    );
  const live = polecatsAt(town, name);
  if (live.length > 0)
    throw new OverseerError(
      'outpost-busy',
      `outpost ${name} still holds polecats ${live.map((p) => `${p.rig}/${p.name} (${p.state})`).join(', ')}; finish or remove them first (overseer polecat rm)`,
    );
  await closeOutposts(town);
  saveOutposts(town.paths, {
    ...file,
    outposts: file.outposts.filter((o) => o.name !== name),
    policy: { ...file.policy, preference: file.policy.preference.filter((n) => n !== name) },
  });
}

export type OutpostRow = { config: OutpostConfig; status?: OutpostStatus; used: number; preference?: number };

/** Every outpost with its last known status (written by the daemon's tick or `outpost ping`): no connection made. */
export function listOutposts(town: Town): OutpostRow[] {
  const file = loadOutposts(town.paths);
  return file.outposts.map((config) => {
    const i = file.policy.preference.indexOf(config.name);
    return {
      config,
      used: polecatsOn(town, config.name).length,
      ...(i >= 0 ? { preference: i + 1 } : {}),
      ...(readOutpostStatus(town.paths, config.name)
        ? { status: readOutpostStatus(town.paths, config.name)! }
        : {}),
    };
  });
}

/** `outpost ping`: one round trip now (the tick's probe); its status is written. Unreachable: an error naming it. */
export async function pingOutpost(town: Town, name: string): Promise<OutpostStatus> {
  sshRunnerFor(town, name);
  const r = await syncOutpost(town, name);
  const st = readOutpostStatus(town.paths, name)!;
  if (!r.reachable)
    throw new OverseerError('outpost-unreachable', r.error ?? `outpost ${name} is unreachable`);
  return st;
}

export { LOCAL_HOST };
