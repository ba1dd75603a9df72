import { OverseerError } from '../core/errors.js';
import { assertName } from '../core/names.js';
import { isNameFree, namesWithSessions, pickFreeName } from '../polecats/names.js';
import { loadOutposts } from '../town/outposts.js';
import { assertSlotFree, spawnPolecat, spawnTarget, type SpawnResult } from '../polecats/spawn.js';
import type { Tmux } from '../runtime/tmux.js';
import { townServer } from '../runtime/town-tmux.js';
import { runnerFor } from '../runtime/hosts.js';
import type { Runner } from '../runtime/runner.js';
import { getIssue } from '../town/issues.js';
import { readPolecats } from '../town/polecat-state.js';
import type { Town } from '../town/town.js';
import { readAttempts } from './attempts.js';
import { loadChains, resolveChain, type Tier } from './chains.js';
import { recordAttempt, spawnRecordedAttempt } from './spawn-attempt.js';

/**
 * How long the daemon leaves a manual spawn's unspawned attempt alone. Past
 * it (the `overseer spawn` process died mid-way), the daemon resumes the
 * attempt as it would its own interrupted spawn.
 */
export const MANUAL_SPAWN_LEASE_MS = 5 * 60_000;

export type ManualSpawnOptions = {
  issue: string;
  /** Pin one preset: no chain, no escalation. */
  agent?: string;
  name?: string;
  model?: string;
  runner?: Runner;
  tmux?: Tmux;
  env?: NodeJS.ProcessEnv;
  now?: number;
  /** Pin the host: `local` or an outpost (spawn --outpost). */
  outpost?: string;
};

export type ManualSpawn = SpawnResult &
  (
    | { mode: 'pinned' }
    | { mode: 'default'; why: string }
    | { mode: 'chain'; chain: string; tier: Tier; tiers: number; attempt: number }
  );

/**
 * `overseer spawn ISSUE`: with --agent, that preset pinned (no escalation).
 * Otherwise the issue's chain (config/chains.yaml) from tier 0, recorded as
 * an attempt the daemon escalates from, through the daemon's own attempt
 * path. With no route and no default_chain, the rig's default_agent alone,
 * without a tier (nothing to escalate to).
 */
export async function spawnIssue(town: Town, opts: ManualSpawnOptions): Promise<ManualSpawn> {
  const env = opts.env ?? process.env;
  const runner = opts.runner ?? runnerFor(town);
  const tmux = opts.tmux ?? runner.tmux(townServer(town, env));
  const plain = {
    issue: opts.issue,
    name: opts.name,
    model: opts.model,
    runner,
    tmux,
    env,
    outpost: opts.outpost,
  };
  if (opts.agent !== undefined)
    return { ...(await spawnPolecat(town, { ...plain, agent: opts.agent })), mode: 'pinned' };

  const issue = getIssue(town, opts.issue);
  const rig = town.rigForBead(issue.id);
  const config = town.rig(rig);
  const chain = resolveChain(loadChains(town.paths), issue, {
    name: rig,
    default_agent: config.default_agent,
  });
  if (chain.fallback) {
    const why = `no route in ${town.paths.configFile('chains.yaml')} matches ${issue.id} and there is no default_chain`;
    return { ...(await spawnPolecat(town, plain)), mode: 'default', why };
  }
  const tier = chain.tiers[0]!;
  if (opts.model !== undefined)
    throw new OverseerError(
      'usage',
      `--model ${JSON.stringify(opts.model)}: ${issue.id} runs on chain ${chain.name}, whose tier ${tier.name} sets the model`,
      { exitCode: 2, hint: `to pin one agent and model, add --agent (e.g. --agent ${tier.preset})` },
    );

  // The checks spawnPolecat makes, before the attempt is recorded, so a refusal leaves nothing behind.
  const { paths } = spawnTarget(town, issue.id, tier.preset);
  // Local slots are checked here only when the spawn can go nowhere else.
  const host = opts.outpost ?? (loadOutposts(town.paths).outposts.length > 0 ? 'outposts' : 'local');
  assertSlotFree(paths, config, issue.id, readPolecats(paths).polecats, host);
  if (opts.name !== undefined) {
    assertName('polecat', opts.name);
    if (!(await isNameFree(runner.git(paths.canonicalClone), paths, opts.name)))
      throw new OverseerError(
        'name-taken',
        `polecat name ${JSON.stringify(opts.name)} is in use in rig ${rig}`,
      );
  }
  const attempts = readAttempts(paths, issue.id);
  const running = attempts.find((a) => a.verdict === 'running');
  if (running)
    throw new OverseerError(
      'attempt-running',
      `${issue.id} has attempt ${running.attempt} (tier ${running.tier_name}, polecat ${running.polecat ?? '?'}) still running`,
      { hint: `see ${paths.attempts(issue.id)}; stop or remove that polecat first` },
    );

  const now = opts.now ?? Date.now();
  const spec = { rig, issue: issue.id, chain: chain.name, tier, attempt: attempts.length + 1 };
  const pick = async () =>
    opts.name ??
    pickFreeName(runner.git(paths.canonicalClone), paths, await namesWithSessions(tmux, config.beads.prefix));
  const rec = await recordAttempt(paths, spec, pick, now, {
    spawn_lease_until: new Date(now + MANUAL_SPAWN_LEASE_MS).toISOString(),
  });
  if (!rec)
    throw new OverseerError(
      'attempt-running',
      `attempt ${spec.attempt} of ${issue.id} was just started elsewhere`,
    );
  const r = await spawnRecordedAttempt(
    town,
    spec,
    { id: rec.id, polecat: rec.polecat! },
    { runner, tmux, env, now, keepOnRetryable: false, stopOnError: true, outpost: opts.outpost },
  );
  return { ...r, mode: 'chain', chain: chain.name, tier, tiers: chain.tiers.length, attempt: spec.attempt };
}
