import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPolecat, readPolecats, writePolecat } from '../../src/town/polecat-state.js';
import { makeTown, polecat, type TestTown } from '../support/store.js';

describe('polecat state reads (remembered while a file stays the same)', () => {
  let t: TestTown;
  beforeEach(async () => {
    t = await makeTown();
  });
  afterEach(() => t.cleanup());

  it('reads a rewritten, replaced, broken or removed file afresh', async () => {
    const rp = t.town.rigPaths('web');
    await writePolecat(rp, polecat('ace'));
    await writePolecat(rp, polecat('bob'));
    const first = readPolecats(rp).polecats;
    expect(first.map((p) => p.state)).toEqual(['working', 'working']);
    // Unchanged: the same (frozen) value, shared by every reader.
    expect(readPolecats(rp).polecats[0]).toBe(first[0]);
    expect(Object.isFrozen(first[0])).toBe(true);
    await writePolecat(rp, { ...polecat('ace'), state: 'waiting' });
    expect(readPolecat(rp, 'ace')?.state).toBe('waiting');
    // Rewritten in place (not through a rename), with another length.
    writeFileSync(rp.polecatState('bob'), JSON.stringify({ ...polecat('bob'), state: 'stuck' }));
    expect(readPolecats(rp).polecats.map((p) => p.state)).toEqual(['waiting', 'stuck']);
    writeFileSync(rp.polecatState('bob') + '.tmp', '{ torn');
    renameSync(rp.polecatState('bob') + '.tmp', rp.polecatState('bob'));
    const broken = readPolecats(rp);
    expect(broken.polecats.map((p) => p.name)).toEqual(['ace']);
    expect(broken.problems[0]?.file).toBe(rp.polecatState('bob'));
    rmSync(rp.polecatState('bob'));
    expect(readPolecats(rp)).toEqual({ polecats: [readPolecat(rp, 'ace')], problems: [] });
  });
});
