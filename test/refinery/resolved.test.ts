import { describe, expect, it } from 'vitest';
import { resolvedConflicts } from '../../src/refinery/resolved.js';
import type { Bead } from '../../src/town/schemas/bead.js';
import { issue, mr } from '../support/decide-data.js';

const beads = (...bs: Bead[]) => new Map(bs.map((b) => [b.id, b]));
const conflicted = mr('web-m1', 'polecat/ace', 'web-1', 'conflict', { resolve_issue: 'web-r1' });

describe('resolvedConflicts', () => {
  it.each([
    ['resolve issue still open: nothing', beads(conflicted, issue('web-r1')), []],
    [
      'resolve issue closed by hand: requeue',
      beads(conflicted, issue('web-r1', { status: 'closed' })),
      [{ kind: 'requeue', mr: 'web-m1' }],
    ],
    [
      'resolve issue closed by a merged request from it: landed through that one',
      beads(
        conflicted,
        issue('web-r1', { status: 'closed' }),
        mr('web-m2', 'polecat/bob', 'web-r1', 'merged', { merged_commit: 'abc' }),
      ),
      [{ kind: 'supersede', mr: 'web-m1', by: 'web-m2' }],
    ],
    [
      'a request from the resolve issue that failed does not count',
      beads(
        conflicted,
        issue('web-r1', { status: 'closed' }),
        mr('web-m2', 'polecat/bob', 'web-r1', 'failed'),
      ),
      [{ kind: 'requeue', mr: 'web-m1' }],
    ],
    [
      'not in conflict any more: nothing',
      beads(
        mr('web-m1', 'polecat/ace', 'web-1', 'queued', { resolve_issue: 'web-r1' }),
        issue('web-r1', { status: 'closed' }),
      ),
      [],
    ],
  ])('%s', (_what, b, want) => {
    expect(resolvedConflicts(b)).toEqual(want.map((w) => expect.objectContaining(w)));
  });
});
