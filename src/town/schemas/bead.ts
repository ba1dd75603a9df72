import { z } from 'zod';
import { BeadId, Iso, Version } from './common.js';

/**
 * One record of a beads log. Field names follow beads' JSONL export, so a
 * rig's .beads/issues.jsonl reads as one, and a log the real `bd` wrote reads
 * here without loss: `Bead` accepts every id shape, status, issue type and
 * dependency type bd writes, and keeps fields it does not know. Overseer's
 * own records carry `version` and are held to the stricter `OwnBead` (what
 * Overseer writes stays strict; what bd wrote is never thrown away). Mail and
 * merge requests are beads too (issue_type "message" / "merge-request").
 */

/** Statuses Overseer sets: bd's built-in ones (bd also knows `tombstone` and custom statuses). */
export const STATUSES = ['open', 'in_progress', 'blocked', 'deferred', 'closed', 'pinned', 'hooked'] as const;
/** Deleted issues in older bd exports: the record hides the issue. */
export const TOMBSTONE = 'tombstone';
export const ISSUE_TYPES = ['task', 'bug', 'feature', 'epic', 'chore', 'message', 'merge-request'] as const;
export const WORK_TYPES = ['task', 'bug', 'feature', 'epic', 'chore'] as const;
/** Work a polecat can take (an epic is a container; bd's decisions, milestones and events are not code work). */
export const SPAWNABLE_TYPES = ['task', 'bug', 'feature', 'chore', 'spike', 'story'] as const;
export function isSpawnable(type: string): boolean {
  return (SPAWNABLE_TYPES as readonly string[]).includes(type);
}
/** Dependency types `overseer issue dep add` writes; bd writes more, and custom ones. */
export const DEP_TYPES = ['blocks', 'parent-child', 'related', 'discovered-from'] as const;
export const MR_STATES = ['queued', 'testing', 'merged', 'conflict', 'failed', 'rejected'] as const;

/** bd's status names: built-in, `tombstone`, or custom (lowercase, letter first). */
const StatusName = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'expected a status name');
/** bd accepts any dependency type of 1-50 characters. */
const DepTypeName = z.string().min(1).max(50);
const OptionalIso = Iso.nullish();

export const Dependency = z.looseObject({
  issue_id: z.string().min(1),
  /** An issue id, or an `external:<project>:<capability>` reference. */
  depends_on_id: z.string().min(1),
  type: DepTypeName,
  created_at: Iso.optional(),
  created_by: z.string().optional(),
  /** bd stores edge data (e.g. a waits-for gate) as a JSON text. */
  metadata: z.string().optional(),
});
export type Dependency = z.infer<typeof Dependency>;

/** bd's comment shape; ids were numbers before bd 1.0, strings (UUIDs) since. */
export const Comment = z.looseObject({
  id: z.union([z.string(), z.number()]).optional(),
  issue_id: z.string().optional(),
  author: z.string().optional(),
  text: z.string(),
  created_at: Iso.optional(),
});
export type Comment = z.infer<typeof Comment>;

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

/** Any beads issue record. Defaults are bd's own for a field it omitted. */
export const Bead = z.looseObject({
  /** Present on records Overseer wrote; bd never writes it. */
  version: Version.optional(),
  id: BeadId,
  title: z.string(),
  description: z.string().default(''),
  status: StatusName.default('open'),
  /** bd reads a missing priority as 0. */
  priority: z.number().int().min(0).max(4).default(0),
  issue_type: z.string().min(1).max(64).default('task'),
  assignee: z.string().optional(),
  labels: z.array(z.string()).default([]),
  dependencies: z.array(Dependency).default([]),
  comments: z.array(Comment).optional(),
  created_at: Iso.default('1970-01-01T00:00:00Z'),
  updated_at: Iso.default('1970-01-01T00:00:00Z'),
  closed_at: OptionalIso,
  close_reason: z.string().optional(),
  defer_until: OptionalIso,
  due_at: OptionalIso,
  pinned: z.boolean().optional(),
  ephemeral: z.boolean().optional(),
  /** bd 0.35-0.37's name for `ephemeral`. */
  wisp: z.boolean().optional(),
  /** mail: the sender's address (the recipient is `assignee`). */
  sender: z.string().optional(),
  /** mail: the message this one replies to. */
  reply_to: z.string().optional(),
  /** merge requests only. */
  mr: MergeRequestFields.optional(),
});
export type Bead = z.infer<typeof Bead>;

/** What Overseer itself writes: its statuses, types and dependency types, and consistent closing. */
export const OwnBead = Bead.extend({
  version: Version,
  status: z.enum(STATUSES),
  priority: z.number().int().min(0).max(4),
  issue_type: z.enum(ISSUE_TYPES),
  dependencies: z
    .array(
      Dependency.extend({
        issue_id: BeadId,
        depends_on_id: BeadId,
        type: z.enum(DEP_TYPES),
        created_at: Iso,
      }),
    )
    .default([]),
  created_at: Iso,
  updated_at: Iso,
}).refine((b) => (b.status === 'closed') === (typeof b.closed_at === 'string'), {
  message: 'closed_at must be set exactly when the status is closed',
  path: ['closed_at'],
});

export type IssueType = (typeof ISSUE_TYPES)[number];
export type Status = (typeof STATUSES)[number];
export type DepType = (typeof DEP_TYPES)[number];
