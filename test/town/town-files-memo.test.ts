import { execFileSync } from 'node:child_process';
import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rigEntry } from '../../src/town/files.js';
import { writePolecat } from '../../src/town/polecat-state.js';
import type { PolecatState } from '../../src/town/schemas/polecat.js';
import { TownFiles } from '../../src/town/town-files.js';
import { makeTown, polecat, type TestTown } from '../support/store.js';

// The daemon reads every state file through one TownFiles each tick; an unchanged file is not read again.
describe('TownFiles JSON reads (remembered while a file stays the same)', () => {
  let t: TestTown;
  beforeEach(async () => {
    t = await makeTown();
  });
  afterEach(() => t.cleanup());

  it('sees every change: replaced, rewritten in place at the same length and time, broken, mended, removed', async () => {
    const rp = t.town.rigPaths('web');
    const file = rp.polecatState('ace');
    const entry = rigEntry('polecats');
    const files = new TownFiles(t.town.root);
    await writePolecat(rp, polecat('ace'));
    const first = files.json<PolecatState>(entry, file);
    expect(first?.state).toBe('working');
    expect(files.json<PolecatState>(entry, file)).toBe(first);

    await writePolecat(rp, { ...polecat('ace'), state: 'waiting' });
    expect(files.json<PolecatState>(entry, file)?.state).toBe('waiting');

    // In place, the same number of bytes, and the modification time put back: the change time still moved.
    const before = statSync(file);
    // touch -r keeps nanoseconds (utimes from JavaScript would round them, and so change the stamp).
    execFileSync('touch', ['-r', file, file + '.times']);
    const stuck = JSON.stringify({ ...polecat('ace'), state: 'stuck' });
    expect(stuck.length).toBeLessThanOrEqual(before.size);
    writeFileSync(file, stuck.padEnd(before.size, ' '));
    execFileSync('touch', ['-r', file + '.times', file]);
    expect(statSync(file, { bigint: true }).mtimeNs).toBe(
      statSync(file + '.times', { bigint: true }).mtimeNs,
    );
    expect(statSync(file).size).toBe(before.size);
    expect(files.json<PolecatState>(entry, file)?.state).toBe('stuck');

    // Broken: the last good value stays, with a problem naming the file; mended: read again.
    writeFileSync(file + '.tmp', '{ torn');
    renameSync(file + '.tmp', file);
    expect(files.json<PolecatState>(entry, file)?.state).toBe('stuck');
    expect(files.problem(file)).toContain(file);
    await writePolecat(rp, { ...polecat('ace'), state: 'done' });
    expect(files.json<PolecatState>(entry, file)?.state).toBe('done');
    expect(files.problem(file)).toBeUndefined();

    rmSync(file);
    files.forget(file);
    expect(files.json<PolecatState>(entry, file)).toBeUndefined();
  });
});
