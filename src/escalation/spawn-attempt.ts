import { errorMessage, isOverseerError } from '../core/errors.js';
import { spawnPolecat, type SpawnResult } from '../polecats/spawn.js';
import type { Runner } from '../runtime/runner.js';
import type { Tmux } from '../runtime/tmux.js';
import type { RigPaths } from '../town/paths.js';
import type { Attempt } from '../town/schemas/attempt.js';
import type { Town } from '../town/town.js';
import { appendAttempt, endAttempt, newAttemptId, readAttempts } from './attempts.js';
import type { Tier } from './chains.js';

/**
 * Starting one tier's attempt at an issue, the one code path for the daemon
 * (dispatcher, escalation, resume) and `overseer spawn`: the attempt record,
 * naming its polecat, is written BEFORE anything starts (write-ahead, keyed
 * by attempt number), then the polecat is spawned, then the record is marked
 * spawned. A crash between the two leaves a record the daemon resumes.
 */
export type AttemptSpec = {
  rig: string;
  issue: string;
  chain: string;
  tier: Tier;
  attempt: number;
  feedback?: string;
};

/** Record fields beyond the schema's that the escalation step reads. */
export type AttemptExtras = {
  chain?: string;
  spawned?: boolean;
  stopped?: boolean;
  verified?: boolean;
  feedback_in?: string;
  /**
   * Set by a spawn outside the daemon (`overseer spawn`): until this time the
   * daemon leaves the unspawned attempt alone instead of resuming it.
   */
  spawn_lease_until?: string;
};

export function attemptRecord(
  spec: Pick<AttemptSpec, 'rig' | 'issue' | 'attempt' | 'chain' | 'tier'>,
  polecat: string,
  now: number,
  extra: AttemptExtras,
): Attempt {
  const { tier } = spec;
  return {
    version: 1,
    id: newAttemptId(spec.issue, spec.attempt),
    issue: spec.issue,
    rig: spec.rig,
    attempt: spec.attempt,
    tier: tier.index,
    tier_name: tier.name,
    preset: tier.preset,
    ...(tier.model ? { model: tier.model } : {}),
    polecat,
    started_at: new Date(now).toISOString(),
    verdict: 'running',
    chain: spec.chain,
    ...extra,
  } as Attempt;
}

/**
 * Write-ahead: append attempt N for the polecat `name()` picks, not yet spawned. Undefined
 * (nothing written) when attempt N or a later one is already recorded, so a
 * retried action does not start the same attempt twice.
 */
export async function recordAttempt(
  paths: RigPaths,
  spec: AttemptSpec,
  name: () => Promise<string>,
  now: number,
  extra: AttemptExtras = {},
): Promise<Attempt | undefined> {
  if (readAttempts(paths, spec.issue).some((x) => x.attempt >= spec.attempt)) return undefined;
  const rec = attemptRecord(spec, await name(), now, {
    spawned: false,
    ...(spec.feedback ? { feedback_in: spec.feedback } : {}),
    ...extra,
  });
  await appendAttempt(paths, rec);
  return rec;
}

/**
 * Errors that mean "not now" (no slot anywhere, the issue is held, a lock
 * another process still holds): the attempt stays for a retry instead of
 * spending a tier of the chain on something the agent never saw.
 */
const RETRYABLE = new Set(['max-workers', 'issue-taken', 'no-host', 'lock-timeout']);
export function isRetryableSpawnError(e: unknown): boolean {
  return isOverseerError(e) && RETRYABLE.has(e.code);
}

/**
 * Spawn the polecat of a recorded attempt (its tier's preset and model, the
 * tier index on the polecat state) and mark the attempt spawned. On failure
 * the attempt is ended with verdict "error" (and `stopped` when asked, so the
 * chain does not go on), except for retryable errors when `keepOnRetryable`.
 */
export async function spawnRecordedAttempt(
  town: Town,
  spec: AttemptSpec,
  rec: { id: string; polecat: string },
  opts: {
    runner: Runner;
    tmux: Tmux;
    env: NodeJS.ProcessEnv;
    now: number;
    keepOnRetryable: boolean;
    stopOnError?: boolean;
    /** Pin the host (spawn --outpost). */
    outpost?: string;
  },
): Promise<SpawnResult> {
  const paths = town.rigPaths(spec.rig);
  try {
    const r = await spawnPolecat(town, {
      issue: spec.issue,
      name: rec.polecat,
      agent: spec.tier.preset,
      ...(spec.tier.model ? { model: spec.tier.model } : {}),
      tier: spec.tier.index,
      ...(spec.feedback ? { feedback: spec.feedback } : {}),
      runner: opts.runner,
      tmux: opts.tmux,
      env: opts.env,
      ...(opts.outpost !== undefined ? { outpost: opts.outpost } : {}),
    });
    const cur = readAttempts(paths, spec.issue).find((x) => x.id === rec.id);
    if (cur) await appendAttempt(paths, { ...cur, spawned: true } as Attempt);
    return r;
  } catch (e) {
    if (opts.keepOnRetryable && isRetryableSpawnError(e)) throw e; // retried next tick
    const ended = await endAttempt(
      paths,
      spec.issue,
      rec.id,
      'error',
      `spawn failed: ${errorMessage(e)}`,
      opts.now,
    );
    if (ended && opts.stopOnError) await appendAttempt(paths, { ...ended, stopped: true } as Attempt);
    throw e;
  }
}
