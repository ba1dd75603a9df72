import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EMPTY_CURSOR, JsonlLog } from '../../src/core/jsonl-log.js';
import { Daemon } from '../../src/daemon/loop.js';
import { TownStore } from '../../src/store/town-store.js';
import { createIssue } from '../../src/town/issues.js';
import { Bead } from '../../src/town/schemas/bead.js';
import { local } from '../support/runner.js';
import { issue } from '../support/decide-data.js';
import { ovJson } from '../support/cli.js';
import { makeTown, waitForSnapshot, type TestTown } from '../support/store.js';

/**
 * Defect 4 of issue 17: a beads log overwritten in place with garbage, then
 * restored with `cp` (same inode, larger file). The incremental reader only
 * reset on an inode change or a shrink, so it went on from its old offset in
 * the middle of the restored file: the cockpit showed 9 of 10 issues and an
 * error badge that never cleared.
 */

let t: TestTown | undefined;
let store: TownStore | undefined;
afterEach(async () => {
  await store?.stop();
  store = undefined;
  t?.cleanup();
  t = undefined;
});

const GARBAGE = 'this is not json\nneither is this\n';

describe('a log restored in place', () => {
  it('the live store shows every issue again and clears its error badge', async () => {
    t = await makeTown();
    const town = t.town;
    for (let i = 0; i < 10; i++) await createIssue(town, 'web', { title: `issue ${i}` });
    const log = town.rigPaths('web').beads;
    const good = join(t.base, 'issues.good.jsonl');
    copyFileSync(log, good);
    const ino = statSync(log).ino;

    store = new TownStore(town.root, { debounceMs: 5 }).start();
    const s = store;
    const issues = () => s.getSnapshot().rigs.find((r) => r.name === 'web')?.issues.size;
    expect(issues()).toBe(10);

    writeFileSync(log, GARBAGE); // in place: same inode, smaller
    await waitForSnapshot(s, (snap) => snap.errors.some((e) => e.file === log));
    execFileSync('cp', [good, log]); // in place again: same inode, larger than the garbage
    expect(statSync(log).ino).toBe(ino);

    const snap = await waitForSnapshot(s, (x) => issues() === 10 && x.errors.length === 0).catch(() => {
      throw new Error(
        `store shows ${issues()} issues, errors: ${JSON.stringify(s.getSnapshot().errors.map((e) => e.message))}`,
      );
    });
    expect(snap.errors).toEqual([]);
    const listed = await ovJson<unknown[]>(['issue', 'list'], { cwd: town.root });
    expect(listed).toHaveLength(10);
  });

  it("the daemon's cached view reads the restored log whole", async () => {
    t = await makeTown();
    const town = t.town;
    for (let i = 0; i < 10; i++) await createIssue(town, 'web', { title: `issue ${i}` });
    const log = town.rigPaths('web').beads;
    const good = readFileSync(log);
    const daemon = new Daemon(town, local, local.tmux({ socket: `ov-restore-${process.pid}` }));
    const view = () =>
      daemon.gatherer.gather([], Date.now(), {
        settings: daemon.gatherer.settings(),
        chains: daemon.gatherer.chains(),
      });
    const web = () => view().rigs.find((r) => r.name === 'web')!;
    expect(web().issues.size).toBe(10);
    writeFileSync(log, GARBAGE);
    expect(web().issues.size).toBe(0);
    writeFileSync(log, good);
    expect(web().issues.size).toBe(10);
    expect(daemon.gatherer.problems).toEqual([]);
  });

  it('the reader resets when the bytes before its offset changed, whatever the size did', () => {
    t = undefined;
    const dir = execFileSync('mktemp', ['-d']).toString().trim();
    const path = join(dir, 'log.jsonl');
    const rec = (id: string, title: string) => JSON.stringify(issue(id, { title })) + '\n';
    const log = new JsonlLog(path, Bead);
    writeFileSync(path, rec('web-a', 'first') + rec('web-b', 'second'));
    const one = log.readFrom(EMPTY_CURSOR);
    expect(one.records.map((r) => r.title)).toEqual(['first', 'second']);
    // Rewritten in place, same length and more: the earlier bytes changed.
    writeFileSync(path, rec('web-a', 'FIRST') + rec('web-b', 'SECOND') + rec('web-c', 'third'));
    const two = log.readFrom(one.cursor);
    expect(two.reset).toBe(true);
    expect(two.records.map((r) => r.title)).toEqual(['FIRST', 'SECOND', 'third']);
    expect(two.problems).toEqual([]);
    // A plain append after that is read incrementally.
    writeFileSync(path, rec('web-d', 'fourth'), { flag: 'a' });
    const three = log.readFrom(two.cursor);
    expect(three.reset).toBe(false);
    expect(three.records.map((r) => r.title)).toEqual(['fourth']);
    execFileSync('rm', ['-rf', dir]);
  });
});
