import type { LineProblem } from '../core/jsonl-log.js';
import { BeadsLog } from './beads-log.js';
import { classifyBeadLine, ownRecordProblem } from './beads-record.js';

/**
 * Real damage in a beads log, for `doctor`: torn lines, invalid JSON, lines
 * that are no beads record, and records Overseer wrote (they carry
 * `version`) that break its own schema. Foreign but valid beads records —
 * any status, type, id shape or extra field bd writes — are not problems.
 */
export type BeadsCheck = {
  /** By line; a line whose issue cannot be read says so (what depends on it is not ready). */
  problems: LineProblem[];
};

export function checkBeadsFile(path: string): BeadsCheck {
  const log = new BeadsLog(path, 'x');
  const problems = [...log.problems()];
  const chunk = log.log.readAll();
  for (let i = 0; i < chunk.records.length; i++) {
    const c = classifyBeadLine(chunk.records[i]);
    if (c.kind !== 'issue') continue;
    const why = ownRecordProblem(c.bead);
    if (why === undefined) continue;
    const line = chunk.lines[i]!;
    problems.push({
      file: path,
      line,
      offset: -1,
      kind: 'schema',
      message: `${path}:${line}: issue ${c.bead.id} was written by Overseer but breaks its schema: ${why}`,
    });
  }
  problems.sort((a, b) => a.line - b.line);
  return { problems };
}
