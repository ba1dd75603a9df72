import { z } from 'zod';
import { Iso, Name, Version } from './common.js';
import { OffloadConfig } from './offload.js';

/** <rig>/config.json */
export const RigConfig = z.looseObject({
  type: z.literal('rig'),
  version: Version,
  name: Name,
  git_url: z.string().min(1),
  default_branch: z.string().regex(/^[A-Za-z0-9._/-]{1,100}$/, 'expected a git branch name'),
  beads: z.looseObject({
    /** The prefix of ids Overseer makes in this rig. */
    prefix: z.string().regex(/^[a-z][a-z0-9]{0,9}$/, 'expected a prefix of a-z and 0-9'),
    /** Other prefixes of ids in this rig's log, learned from bd imports (`UI`, `FlatPilot`, `gt-mol`). */
    prefixes: z
      .array(
        z
          .string()
          .regex(/^[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*$/, 'expected a beads prefix')
          .max(64),
      )
      .optional(),
  }),
  max_workers: z.number().int().min(1).max(200).default(4),
  worker_spawn_delay: z.number().int().min(0).default(5),
  test_command: z.string().default(''),
  test_timeout: z.number().int().min(1).default(600),
  merge_strategy: z.enum(['rebase', 'merge']).default('rebase'),
  dispatch: z.boolean().default(false),
  default_agent: z.string().default('scripted'),
  /** Ready worktrees kept at <rig>/polecats/.pool for fast spawns; 0 disables the pool. */
  warm_worktrees: z.number().int().min(0).max(20).default(1),
  /** Overrides the agent preset's permission mode (ask, auto, full) for this rig's polecats. */
  permission_mode: z.enum(['ask', 'auto', 'full']).optional(),
  /** Overrides the agent preset's pretrust (pre-trusting polecat worktrees) for this rig. */
  pretrust: z.boolean().optional(),
  /** Offload playbooks run on an outpost (`overseer offload`). */
  offload: OffloadConfig.optional(),
  created_at: Iso,
});
export type RigConfig = z.infer<typeof RigConfig>;

/** <rig>/witness/state.json: per-polecat nudge and verification bookkeeping. */
export const WitnessState = z.looseObject({
  version: Version,
  rig: Name,
  updated_at: Iso,
  polecats: z
    .record(
      z.string(),
      z.looseObject({
        nudges: z.number().int().nonnegative().default(0),
        last_nudge_at: Iso.optional(),
        /** What the last nudge was about: after an idle nudge, activity does not clear the counters. */
        last_nudge_kind: z.enum(['stuck', 'idle']).optional(),
        escalated_at: Iso.optional(),
        verify_failures: z.number().int().nonnegative().default(0),
        last_verify_at: Iso.optional(),
        respawns: z.number().int().nonnegative().default(0),
      }),
    )
    .default({}),
});
export type WitnessState = z.infer<typeof WitnessState>;

/** <rig>/refinery/state.json: what the refinery is doing right now (for crash recovery). */
export const RefineryState = z.looseObject({
  version: Version,
  rig: Name,
  updated_at: Iso,
  current: z
    .looseObject({ mr: z.string(), step: z.string(), started_at: Iso, pid: z.number().int().optional() })
    .optional(),
  last_run_at: Iso.optional(),
});
export type RefineryState = z.infer<typeof RefineryState>;
