import { readdirSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { JsonlLog, latestById } from '../core/jsonl-log.js';
import type { RigPaths } from '../town/paths.js';
import { Attempt } from '../town/schemas/attempt.js';

/**
 * <rig>/.runtime/attempts/<issue>.jsonl: one record per change of an attempt
 * (started: verdict "running"; ended: accept | escalate | error). The last
 * record per attempt id wins, like beads.
 */
export function attemptsLog(rig: RigPaths, issue: string): JsonlLog<typeof Attempt> {
  return new JsonlLog(rig.attempts(issue), Attempt);
}

export function newAttemptId(issue: string, n: number): string {
  return `${issue}.a${n}-${randomBytes(2).toString('hex')}`;
}

/** The attempts of one issue, latest record per attempt, in attempt order. */
export function readAttempts(rig: RigPaths, issue: string): Attempt[] {
  return foldAttempts(attemptsLog(rig, issue).readAll().records);
}

export function foldAttempts(records: Attempt[]): Attempt[] {
  return [...latestById(records, (a) => a.id).values()].sort((a, b) => a.attempt - b.attempt);
}

export async function appendAttempt(rig: RigPaths, a: Attempt): Promise<void> {
  await attemptsLog(rig, a.issue).append([Attempt.parse(a)]);
}

/** End an attempt with a verdict (idempotent: an attempt already ended keeps its verdict). */
export async function endAttempt(
  rig: RigPaths,
  issue: string,
  attemptId: string,
  verdict: Exclude<Attempt['verdict'], 'running'>,
  feedback: string | undefined,
  now: number,
): Promise<Attempt | undefined> {
  const log = attemptsLog(rig, issue);
  return log.transact(() => {
    const current = foldAttempts(log.readAll().records).find((a) => a.id === attemptId);
    if (!current || current.verdict !== 'running') return { records: [], result: current };
    const ended: Attempt = {
      ...current,
      verdict,
      ended_at: new Date(now).toISOString(),
      duration_ms: Math.max(0, now - Date.parse(current.started_at)),
      ...(feedback !== undefined ? { feedback } : {}),
    };
    return { records: [ended], result: ended };
  });
}

/**
 * Attempts of many issues, re-reading only files whose size or mtime changed
 * since the last call (the daemon keeps one across ticks).
 */
export class AttemptsCache {
  private files = new Map<string, { size: number; mtimeMs: number; attempts: Attempt[] }>();

  constructor(readonly rig: RigPaths) {}

  /** Every issue that has an attempts file → its attempts. */
  read(): Map<string, Attempt[]> {
    const out = new Map<string, Attempt[]>();
    let names: string[];
    try {
      names = readdirSync(this.rig.attemptsDir);
    } catch {
      this.files.clear();
      return out;
    }
    const seen = new Set<string>();
    for (const f of names) {
      if (!f.endsWith('.jsonl')) continue;
      const issue = f.slice(0, -6);
      seen.add(issue);
      let st;
      try {
        st = statSync(this.rig.attempts(issue));
      } catch {
        continue;
      }
      let entry = this.files.get(issue);
      if (!entry || entry.size !== st.size || entry.mtimeMs !== st.mtimeMs) {
        entry = { size: st.size, mtimeMs: st.mtimeMs, attempts: readAttempts(this.rig, issue) };
        this.files.set(issue, entry);
      }
      out.set(issue, entry.attempts);
    }
    for (const k of this.files.keys()) if (!seen.has(k)) this.files.delete(k);
    return out;
  }
}
