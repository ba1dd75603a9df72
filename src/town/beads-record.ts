import { describeZodError } from '../core/zod-errors.js';
import { Bead, OwnBead, TOMBSTONE } from './schemas/bead.js';
import { quickBead } from './schemas/bead-quick.js';

/**
 * One line of a beads log, classified. bd's exports carry issue records
 * (optionally tagged `"_type":"issue"`), other records (`"_type":"memory"`
 * and future kinds) and sometimes a `_schema` header; all of them are beads,
 * none of them is a problem. Only a line that is no beads record at all is
 * `invalid`; its id is kept when it can be read, so ready work treats that
 * issue as unreadable instead of as absent.
 */
export type BeadLine =
  | { kind: 'issue'; bead: Bead }
  | { kind: 'other'; record: Record<string, unknown> }
  | { kind: 'invalid'; id?: string; message: string };

/**
 * Fields a bd record may omit, with the value bd reads for them. A record
 * keeps its own object (key order and unknown fields untouched); defaults are
 * filled in place and remembered, so writing the record back leaves out what
 * bd left out.
 */
const DEFAULTED = ['description', 'status', 'priority', 'issue_type', 'labels', 'dependencies'] as const;
const EPOCH = '1970-01-01T00:00:00Z';
const ABSENT = Symbol('beads.absent');

type Marked = Bead & { [ABSENT]?: number };

function defaultFor(key: string, b: Bead): unknown {
  switch (key) {
    case 'description':
      return '';
    case 'status':
      return 'open';
    case 'priority':
      return 0;
    case 'issue_type':
      return 'task';
    case 'labels':
    case 'dependencies':
      return [];
    case 'created_at':
      return EPOCH;
    default:
      return b.created_at;
  }
}

const ALL_DEFAULTED = [...DEFAULTED, 'created_at', 'updated_at'] as const;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function classifyBeadLine(raw: unknown): BeadLine {
  if (!isPlainObject(raw)) return { kind: 'invalid', message: 'not a JSON object' };
  const type = raw._type;
  if (type !== undefined && type !== 'issue') return { kind: 'other', record: raw };
  if (type === undefined && raw.id === undefined && '_schema' in raw) return { kind: 'other', record: raw };
  if (!quickBead(raw)) {
    const parsed = Bead.safeParse(raw);
    if (!parsed.success) {
      const id = typeof raw.id === 'string' && raw.id.length <= 200 ? raw.id : undefined;
      return { kind: 'invalid', id, message: describeZodError(parsed.error) };
    }
  }
  return { kind: 'issue', bead: withDefaults(raw) };
}

/** Fill what the record omitted (in place), remembering which fields those were. */
function withDefaults(raw: Record<string, unknown>): Bead {
  let mask = 0;
  for (let i = 0; i < ALL_DEFAULTED.length; i++) {
    const key = ALL_DEFAULTED[i]!;
    if (raw[key] !== undefined) continue;
    raw[key] = defaultFor(key, raw as Bead);
    mask |= 1 << i;
  }
  if (mask !== 0) (raw as Marked)[ABSENT] = mask;
  return raw as Bead;
}

/**
 * The object to write for a record: itself, minus the fields its source
 * omitted that still hold the value they were read as. The mark travels with
 * object spreads, so `{ ...old, status: 'closed' }` writes as bd would.
 */
export function toWire(b: Bead): Record<string, unknown> {
  const mask = (b as Marked)[ABSENT];
  const envelope = ENVELOPE.some((k) => k in b);
  if (!mask && !envelope) return b;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(b)) {
    if (envelope && ENVELOPE.includes(key)) continue;
    const i = mask ? ALL_DEFAULTED.indexOf(key as (typeof ALL_DEFAULTED)[number]) : -1;
    if (i >= 0 && mask! & (1 << i) && sameValue(b[key], defaultFor(key, b))) continue;
    out[key] = b[key];
  }
  return out;
}

/**
 * bd's export envelope: the `_type` tag and the counts it adds. They describe
 * an export, not the issue; a record is stored and written without them, and
 * `issue export` writes them afresh.
 */
export const ENVELOPE: readonly string[] = ['_type', 'dependency_count', 'dependent_count', 'comment_count'];

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === 0 && b.length === 0;
  return a === b;
}

/** Written by Overseer (bd never writes `version`): held to Overseer's own schema. */
export function isOwnRecord(b: Bead): boolean {
  return b.version !== undefined;
}

/** Overseer's schema check for a record it wrote, or undefined when the record is fine (or not its own). */
export function ownRecordProblem(b: Bead): string | undefined {
  if (!isOwnRecord(b)) return undefined;
  const r = OwnBead.safeParse(b);
  return r.success ? undefined : describeZodError(r.error);
}

/** A deleted issue (bd before 0.50 exported these): it hides the issue. */
export function isTombstone(b: Bead): boolean {
  return b.status === TOMBSTONE;
}

/** The id of a torn or garbled line, when its text still shows one. */
export function salvageId(text: string): string | undefined {
  const m = /"id"\s*:\s*"([A-Za-z0-9_.-]{1,200})"/.exec(text);
  return m?.[1];
}
