import { BEAD_ID_PATTERN } from './common.js';

/**
 * A fast first look at a record for the `Bead` schema: `true` only when
 * `Bead` certainly accepts it, `false` when `Bead` must decide (and explain).
 * Reading a 100,000-record log spends most of its time validating; plain
 * records — nearly all of them — skip zod here. It errs on the side of
 * asking: an unusual field value (a leap day, a merge request's `mr`) goes
 * to zod. A test checks the promise on every fixture record and on mutants.
 */
export function quickBead(r: Record<string, unknown>): boolean {
  const id = r.id;
  if (typeof id !== 'string' || id.length > 200 || !BEAD_ID_PATTERN.test(id)) return false;
  if (typeof r.title !== 'string') return false;
  if (r.version !== undefined && r.version !== 1) return false;
  if (r.mr !== undefined) return false;
  if (!optString(r.description) || !optString(r.assignee) || !optString(r.close_reason)) return false;
  if (!optString(r.sender) || !optString(r.reply_to)) return false;
  const status = r.status;
  if (status !== undefined && (typeof status !== 'string' || !STATUS.test(status))) return false;
  const type = r.issue_type;
  if (type !== undefined && (typeof type !== 'string' || type.length === 0 || type.length > 64)) return false;
  const p = r.priority;
  if (p !== undefined && p !== 0 && p !== 1 && p !== 2 && p !== 3 && p !== 4) return false;
  if (!optIso(r.created_at) || !optIso(r.updated_at)) return false;
  if (!nullishIso(r.closed_at) || !nullishIso(r.defer_until) || !nullishIso(r.due_at)) return false;
  if (!optBool(r.pinned) || !optBool(r.ephemeral) || !optBool(r.wisp)) return false;
  const labels = r.labels;
  if (labels !== undefined) {
    if (!Array.isArray(labels)) return false;
    for (const l of labels) if (typeof l !== 'string') return false;
  }
  const deps = r.dependencies;
  if (deps !== undefined) {
    if (!Array.isArray(deps)) return false;
    for (const d of deps) if (!quickDependency(d)) return false;
  }
  const comments = r.comments;
  if (comments !== undefined) {
    if (!Array.isArray(comments)) return false;
    for (const c of comments) if (!quickComment(c)) return false;
  }
  return true;
}

const STATUS = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
/** Zod's ISO-8601 rule without its leap-day branch (February 29 goes to zod). */
const ISO =
  /^\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|02-(?:0[1-9]|1\d|2[0-8]))T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

const optString = (v: unknown) => v === undefined || typeof v === 'string';
const optBool = (v: unknown) => v === undefined || typeof v === 'boolean';
const optIso = (v: unknown) => v === undefined || (typeof v === 'string' && ISO.test(v));
const nullishIso = (v: unknown) => v === null || optIso(v);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function quickDependency(d: unknown): boolean {
  if (!isObject(d)) return false;
  const { issue_id, depends_on_id, type } = d;
  if (typeof issue_id !== 'string' || issue_id.length === 0) return false;
  if (typeof depends_on_id !== 'string' || depends_on_id.length === 0) return false;
  if (typeof type !== 'string' || type.length === 0 || type.length > 50) return false;
  return optIso(d.created_at) && optString(d.created_by) && optString(d.metadata);
}

function quickComment(c: unknown): boolean {
  if (!isObject(c) || typeof c.text !== 'string') return false;
  if (c.id !== undefined && typeof c.id !== 'string' && !(typeof c.id === 'number' && Number.isFinite(c.id)))
    return false;
  return optString(c.issue_id) && optString(c.author) && optIso(c.created_at);
}
