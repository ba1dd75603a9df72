import { describe, expect, it } from 'vitest';
import { decideMirrorRef, type MirrorRefFacts } from '../../src/polecats/outpost/mirror-gc-decide.js';

const base: MirrorRefFacts = {
  branch: 'polecat/ace',
  sha: 'a'.repeat(40),
  live: false,
  checkedOut: false,
  fetched: true,
  onMain: false,
};

describe('mirror ref GC: what may go', () => {
  const rows: { name: string; facts: Partial<MirrorRefFacts>; remove: boolean; why: RegExp }[] = [
    { name: 'on main: removed', facts: { onMain: true }, remove: true, why: /on main/ },
    {
      name: 'held by a branch at home: removed',
      facts: { heldBy: 'refs/heads/polecat/ace' },
      remove: true,
      why: /home in refs\/heads\/polecat\/ace/,
    },
    { name: 'commits only there: kept', facts: {}, remove: false, why: /only on the outpost/ },
    {
      name: 'its polecat still exists: kept, even when landed',
      facts: { live: true, onMain: true },
      remove: false,
      why: /still exists/,
    },
    {
      name: 'checked out in a worktree there: kept',
      facts: { checkedOut: true, onMain: true },
      remove: false,
      why: /checked out/,
    },
    {
      name: 'not fetched home (cannot judge): kept',
      facts: { fetched: false, onMain: true },
      remove: false,
      why: /could not be fetched/,
    },
  ];
  it.each(rows)('$name', ({ facts, remove, why }) => {
    const v = decideMirrorRef({ ...base, ...facts });
    expect(v.remove).toBe(remove);
    expect(v.why).toMatch(why);
    expect(v).toMatchObject({ branch: base.branch, sha: base.sha });
  });
});
