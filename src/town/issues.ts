import { OverseerError } from '../core/errors.js';
import { newBeadId } from '../core/ids.js';
import { nowIso } from '../core/time.js';
import type { BeadsLog } from './beads-log.js';
import { gapsOf, issueToChange } from './issue-map.js';
import { byPriorityThenAge, readyWork } from './ready.js';
import {
  type Bead,
  type DepType,
  type IssueType,
  type Status,
  DEP_TYPES,
  STATUSES,
  WORK_TYPES,
} from './schemas/bead.js';
import type { Town } from './town.js';

export type CreateIssueInput = {
  title: string;
  description?: string;
  type?: IssueType;
  priority?: number;
  parent?: string;
  labels?: string[];
  assignee?: string;
};

function checkTitle(title: string): string {
  if (typeof title !== 'string' || title.trim() === '')
    throw new OverseerError('bad-title', 'an issue needs a non-empty --title');
  if (title.length > 500)
    throw new OverseerError('bad-title', `title is ${title.length} characters; 500 at most`);
  return title;
}

export function checkPriority(p: number | undefined): number {
  if (p === undefined) return 2;
  if (!Number.isInteger(p) || p < 0 || p > 4)
    throw new OverseerError('bad-priority', `invalid priority ${JSON.stringify(p)}: use 0 (highest) to 4`);
  return p;
}

function checkType(t: string | undefined, allowed: readonly string[] = WORK_TYPES): IssueType {
  if (t === undefined) return 'task';
  if (!allowed.includes(t))
    throw new OverseerError(
      'bad-type',
      `invalid issue type ${JSON.stringify(t)}: use one of ${allowed.join(', ')}`,
    );
  return t as IssueType;
}

/** A status filter may name any status bd writes, custom ones included. */
function checkStatusFilter(s: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(s))
    throw new OverseerError('bad-status', `invalid status ${JSON.stringify(s)}: expected a status name`);
  return s;
}

function checkStatus(s: string): Status {
  if (!(STATUSES as readonly string[]).includes(s))
    throw new OverseerError(
      'bad-status',
      `invalid status ${JSON.stringify(s)}: use one of ${STATUSES.join(', ')}`,
    );
  return s as Status;
}

/** Build a new bead record with a fresh id (call inside `mutate`). */
export function newBead(
  log: BeadsLog,
  current: Map<string, Bead>,
  fields: Partial<Bead> & Pick<Bead, 'title' | 'issue_type'>,
): Bead {
  const now = nowIso();
  const gaps = gapsOf(current);
  // A deleted or unreadable issue's id stays taken.
  const taken = {
    has: (id: string) => current.has(id) || gaps.deleted.has(id) || gaps.unreadable.has(id),
    size: current.size + gaps.deleted.size,
  };
  return {
    version: 1,
    id: newBeadId(log.prefix, taken),
    description: '',
    status: 'open',
    priority: 2,
    labels: [],
    dependencies: [],
    created_at: now,
    updated_at: now,
    ...fields,
  };
}

export async function createIssue(town: Town, rig: string, input: CreateIssueInput): Promise<Bead> {
  const title = checkTitle(input.title);
  const type = checkType(input.type);
  const priority = checkPriority(input.priority);
  const log = town.rigBeads(rig);
  return log.mutate((current) => {
    const bead = newBead(log, current, {
      title,
      description: input.description ?? '',
      issue_type: type,
      priority,
      labels: [...new Set(input.labels ?? [])],
      assignee: input.assignee,
    });
    if (input.parent) {
      const parent = current.get(input.parent);
      if (!parent)
        throw new OverseerError(
          'unknown-issue',
          `parent ${JSON.stringify(input.parent)} is not an issue of rig ${rig}`,
        );
      bead.dependencies.push({
        issue_id: bead.id,
        depends_on_id: parent.id,
        type: 'parent-child',
        created_at: bead.created_at,
      });
    }
    return { records: [bead], result: bead };
  });
}

/** Look an issue up anywhere in the town; unknown ids are an error naming the id. */
export function getIssue(town: Town, id: string): Bead {
  const issues = town.beadsFor(id).all();
  const b = issues.get(id);
  if (b) return b;
  if (issues.deleted.has(id))
    throw new OverseerError('unknown-issue', `issue ${JSON.stringify(id)} was deleted`);
  const why = issues.unreadable.get(id);
  if (why) throw new OverseerError('unreadable-issue', `issue ${JSON.stringify(id)} cannot be read: ${why}`);
  throw new OverseerError('unknown-issue', `no issue ${JSON.stringify(id)}`);
}

export type IssuePatch = {
  title?: string;
  description?: string;
  status?: string;
  priority?: number;
  assignee?: string | null;
  addLabels?: string[];
  removeLabels?: string[];
  type?: string;
};

/** Apply a patch to the latest record and append the new whole record. */
export async function updateIssue(
  town: Town,
  id: string,
  patch: IssuePatch,
  extra?: (b: Bead) => Bead,
): Promise<Bead> {
  const log = town.beadsFor(id);
  if (patch.title !== undefined) checkTitle(patch.title);
  if (patch.priority !== undefined) checkPriority(patch.priority);
  if (patch.status !== undefined) checkStatus(patch.status);
  return log.mutate((current) => {
    const old = issueToChange(current, id);
    const now = nowIso();
    let b: Bead = { ...old, updated_at: now };
    if (patch.title !== undefined) b.title = patch.title;
    if (patch.description !== undefined) b.description = patch.description;
    if (patch.priority !== undefined) b.priority = patch.priority;
    if (patch.type !== undefined) b.issue_type = checkType(patch.type, [...WORK_TYPES]);
    if (patch.assignee !== undefined) b.assignee = patch.assignee ?? undefined;
    if (patch.status !== undefined) {
      b.status = patch.status as Status;
      if (b.status === 'closed') b.closed_at = b.closed_at ?? now;
      else {
        delete b.closed_at;
        delete b.close_reason;
      }
    }
    if (patch.addLabels || patch.removeLabels) {
      const set = new Set(b.labels);
      for (const l of patch.addLabels ?? []) set.add(l);
      for (const l of patch.removeLabels ?? []) set.delete(l);
      b.labels = [...set];
    }
    if (extra) b = extra(b);
    return { records: [b], result: b };
  });
}

export async function closeIssue(town: Town, id: string, reason?: string): Promise<Bead> {
  return updateIssue(town, id, { status: 'closed' }, (b) => ({
    ...b,
    close_reason: reason ?? b.close_reason,
  }));
}

/** Add a dependency: `id` depends on `dependsOn`. Refuses self, unknown ids and `blocks` cycles. */
export async function addDependency(
  town: Town,
  id: string,
  dependsOn: string,
  type: DepType = 'blocks',
): Promise<Bead> {
  if (!(DEP_TYPES as readonly string[]).includes(type)) {
    throw new OverseerError(
      'bad-dep-type',
      `invalid dependency type ${JSON.stringify(type)}: use one of ${DEP_TYPES.join(', ')}`,
    );
  }
  if (id === dependsOn) throw new OverseerError('bad-dependency', `${id} cannot depend on itself`);
  const log = town.beadsFor(id);
  if (town.beadsFor(dependsOn) !== log) {
    throw new OverseerError(
      'bad-dependency',
      `${id} and ${dependsOn} are in different rigs; dependencies stay within one rig`,
    );
  }
  return log.mutate((current) => {
    const b = issueToChange(current, id);
    if (!current.has(dependsOn))
      throw new OverseerError('unknown-issue', `no issue ${JSON.stringify(dependsOn)}`);
    if (b.dependencies.some((d) => d.depends_on_id === dependsOn && d.type === type))
      return { records: [], result: b };
    if (type === 'blocks' || type === 'parent-child') {
      if (reaches(current, dependsOn, id)) {
        throw new OverseerError(
          'dependency-cycle',
          `${dependsOn} already depends on ${id} (directly or through others): that would be a cycle`,
        );
      }
    }
    const now = nowIso();
    const next: Bead = {
      ...b,
      updated_at: now,
      dependencies: [...b.dependencies, { issue_id: id, depends_on_id: dependsOn, type, created_at: now }],
    };
    return { records: [next], result: next };
  });
}

/** Does `from` depend on `to` through blocking dependencies? */
function reaches(issues: Map<string, Bead>, from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const cur = stack.pop()!;
    if (cur === to) return true;
    if (seen.has(cur)) continue;
    seen.add(cur);
    for (const d of issues.get(cur)?.dependencies ?? []) {
      if (d.type === 'blocks' || d.type === 'parent-child') stack.push(d.depends_on_id);
    }
  }
  return false;
}

export type IssueFilter = { rig?: string; status?: string; type?: string; includeRecords?: boolean };

/** Overseer's own mail and merge requests have commands of their own; bd's are listed. */
function isOwnMailOrMr(b: Bead): boolean {
  return b.version !== undefined && (b.issue_type === 'message' || b.issue_type === 'merge-request');
}

/** Issues (not Overseer's mail or merge requests unless asked), per rig, in log order. */
export function listIssues(town: Town, filter: IssueFilter = {}): (Bead & { rig: string })[] {
  if (filter.status !== undefined) checkStatusFilter(filter.status);
  const rigs = filter.rig ? [town.rig(filter.rig).name] : town.rigNames();
  const out: (Bead & { rig: string })[] = [];
  for (const rig of rigs) {
    for (const b of town.rigBeads(rig).all().values()) {
      if (!filter.includeRecords && !filter.type && isOwnMailOrMr(b)) continue;
      if (filter.status && b.status !== filter.status) continue;
      if (filter.type && b.issue_type !== filter.type) continue;
      out.push({ ...b, rig });
    }
  }
  return out;
}

export function readyIssues(town: Town, rig?: string): (Bead & { rig: string })[] {
  const rigs = rig ? [town.rig(rig).name] : town.rigNames();
  const out: (Bead & { rig: string })[] = [];
  for (const r of rigs) for (const b of readyWork(town.rigBeads(r).all())) out.push({ ...b, rig: r });
  if (!rig) out.sort(byPriorityThenAge);
  return out;
}
