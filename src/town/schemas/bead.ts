import { z } from 'zod';
import { BeadId, Iso, Version } from './common.js';

/**
 * One record of a beads log. Field names follow beads' JSONL export, so a
 * rig's .beads/issues.jsonl reads as one. Mail and merge requests are beads
 * too (issue_type "message" / "merge-request") with a few extra fields.
 */

export const ISSUE_TYPES = ['task', 'bug', 'feature', 'epic', 'chore', 'message', 'merge-request'] as const;
export const WORK_TYPES = ['task', 'bug', 'feature', 'epic', 'chore'] as const;
/** Work a polecat can take (an epic is a container). */
export const SPAWNABLE_TYPES = ['task', 'bug', 'feature', 'chore'] as const;
export const STATUSES = ['open', 'in_progress', 'blocked', 'closed'] as const;
export const DEP_TYPES = ['blocks', 'parent-child', 'related', 'discovered-from'] as const;
export const MR_STATES = ['queued', 'testing', 'merged', 'conflict', 'failed', 'rejected'] as const;

export const Dependency = z.looseObject({
  issue_id: BeadId,
  depends_on_id: BeadId,
  type: z.enum(DEP_TYPES),
  created_at: Iso,
});
export type Dependency = z.infer<typeof Dependency>;

export const MrState = z.enum(MR_STATES);
export type MrState = z.infer<typeof MrState>;

export const MergeRequestFields = z.looseObject({
  state: MrState,
  rig: z.string(),
  branch: z.string().regex(/^[A-Za-z0-9._/-]{1,200}$/, 'expected a git branch name'),
  source_issue: BeadId,
  worker: z.string(),
  target: z.string().default('main'),
  head: z.string().optional(),
  history: z.array(z.looseObject({ state: MrState, at: Iso, reason: z.string() })).default([]),
  conflict_paths: z.array(z.string()).optional(),
  test_output_tail: z.string().optional(),
  merged_commit: z.string().optional(),
  resolve_issue: z.string().optional(),
});
export type MergeRequestFields = z.infer<typeof MergeRequestFields>;

export const Bead = z.looseObject({
  version: Version.default(1),
  id: BeadId,
  title: z.string(),
  description: z.string().default(''),
  status: z.enum(STATUSES),
  priority: z.number().int().min(0).max(4).default(2),
  issue_type: z.enum(ISSUE_TYPES),
  assignee: z.string().optional(),
  labels: z.array(z.string()).default([]),
  dependencies: z.array(Dependency).default([]),
  created_at: Iso,
  updated_at: Iso,
  closed_at: Iso.optional(),
  close_reason: z.string().optional(),
  /** mail: the sender's address (the recipient is `assignee`). */
  sender: z.string().optional(),
  /** mail: the message this one replies to. */
  reply_to: z.string().optional(),
  /** merge requests only. */
  mr: MergeRequestFields.optional(),
});
export type Bead = z.infer<typeof Bead>;
export type IssueType = (typeof ISSUE_TYPES)[number];
export type Status = (typeof STATUSES)[number];
export type DepType = (typeof DEP_TYPES)[number];
