import { z } from 'zod';
import { Iso, Name, Version } from './common.js';

/**
 * One task of an offload playbook: a name (its tmux window, log and status
 * file) and the command line the outpost's `sh -c` runs in the job's
 * worktree. Command lines come from the operator's own rig config (trusted,
 * like test_command); nothing from an issue or an agent is ever put in one.
 */
export const OffloadTask = z.strictObject({
  name: Name,
  run: z.string().trim().min(1, 'expected a command line').max(4000),
});
export type OffloadTask = z.infer<typeof OffloadTask>;

/** `offload` in <rig>/config.json: named playbooks (`ready`, `review`, `fix`, any name) and the fix loop's limit. */
export const OffloadConfig = z.strictObject({
  playbooks: z
    .record(
      Name,
      z
        .array(OffloadTask)
        .min(1, 'a playbook needs at least one task')
        .max(32)
        .refine((ts) => new Set(ts.map((t) => t.name)).size === ts.length, 'task names must be unique'),
    )
    .default({}),
  /** Most agent rounds a `fix` job makes before it gives up. */
  fix_rounds: z.number().int().min(1).max(20).default(3),
  /** The agent preset a `fix` job starts (default: the rig's default_agent). */
  fix_agent: Name.optional(),
  /** Seconds a task may run before the job reports it failed (the fix loop stops waiting). */
  task_timeout: z.number().int().min(1).default(1800),
});
export type OffloadConfig = z.infer<typeof OffloadConfig>;

export const TARGET_KINDS = ['polecat', 'merge-request', 'ref'] as const;

/** <town>/.runtime/offload/<job>.json: one offload job. */
export const OffloadJob = z.looseObject({
  version: Version,
  id: z.string().regex(/^[a-z][a-z0-9_-]{0,99}$/),
  rig: Name,
  playbook: Name,
  outpost: Name,
  target: z.looseObject({
    input: z.string(),
    kind: z.enum(TARGET_KINDS),
    sha: z.string().regex(/^[0-9a-f]{40}$/),
    /** The branch TARGET names (polecat/NAME, a merge request's branch), if any. */
    branch: z.string().optional(),
  }),
  /** The job's branch in the outpost's mirror (and, once fetched, in the canonical clone). */
  branch: z.string(),
  worktree: z.string(),
  dir: z.string(),
  session: z.string(),
  socket: z.string(),
  tasks: z.array(OffloadTask),
  created_at: Iso,
  fix: z
    .looseObject({
      max_rounds: z.number().int(),
      round: z.number().int().min(0),
      state: z.enum(['running', 'green', 'gave-up', 'failed']),
      message: z.string().optional(),
      /** The process driving the loop on this machine (a second `offload … fix` re-attaches while it lives). */
      pid: z.number().int().optional(),
    })
    .optional(),
  /** What the last status query saw (the cockpit shows it; `offload status` refreshes it). */
  last: z
    .looseObject({
      at: Iso,
      state: z.string(),
      tasks: z.array(
        z.looseObject({
          name: z.string(),
          state: z.string(),
          code: z.number().int().optional(),
          duration_ms: z.number().optional(),
        }),
      ),
    })
    .optional(),
  /** The job branch's head as last fetched into the canonical clone. */
  fetched: z.looseObject({ sha: z.string(), branch: z.string(), at: Iso }).optional(),
});
export type OffloadJob = z.infer<typeof OffloadJob>;
