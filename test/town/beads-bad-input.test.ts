import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decideDispatch } from '../../src/daemon/decide/dispatcher.js';
import { SnapshotGatherer } from '../../src/daemon/gather.js';
import { TownStore } from '../../src/store/town-store.js';
import { selectReady } from '../../src/ui/selectors/ready.js';
import { readCorpus, referenceReady } from '../support/beads-reference.js';
import { ov, ovJson } from '../support/cli.js';
import { townWithRig } from '../support/town.js';

const at = (m: number) => `2026-02-01T10:${String(m).padStart(2, '0')}:00Z`;
const line = (id: string, more: Record<string, unknown> = {}, m = 0) =>
  JSON.stringify({
    id,
    title: `issue ${id}`,
    status: 'open',
    priority: 2,
    issue_type: 'task',
    created_at: at(m),
    updated_at: at(m),
    ...more,
  });
const blockedBy = (id: string, on: string, m: number) =>
  line(id, { dependencies: [{ issue_id: id, depends_on_id: on, type: 'blocks', created_at: at(m) }] }, m);

type Doctor = { file: string; message: string; fixable: boolean }[];

describe('bad input in a rig log', () => {
  it('a blocker whose latest record cannot be read keeps its dependents out of ready work', async () => {
    const { town } = await townWithRig();
    const cwd = town.root;
    const file = town.rigPaths('web').beads;
    const lines = [
      line('web-a', {}, 1),
      line('web-x', { status: 'closed', closed_at: at(2) }, 2), // a good record: closed...
      blockedBy('web-b', 'web-x', 3),
      '{"id":"web-x","title":"issue web-x","status":"open","priority":"high"}', // ...then one that fails to parse
      blockedBy('web-c', 'web-y', 4),
      '{"id":"web-y","title":"issue web-y","status":"clo', // torn: only its id shows
      line('web-z', { status: 'closed', closed_at: at(5) }, 5),
      blockedBy('web-d', 'web-z', 6),
    ];
    writeFileSync(file, lines.join('\n') + '\n');

    // Without its last line web-x would read as closed and release web-b.
    const ready = await ovJson<{ id: string }[]>(['ready', '--rig', 'web'], { cwd });
    expect(ready.map((r) => r.id)).toEqual(['web-a', 'web-d']);
    expect(ready.map((r) => r.id)).toEqual(
      referenceReady(readCorpus(readFileSync(file, 'utf8')), Date.now()),
    );
    const listed = await ovJson<{ id: string }[]>(['issue', 'list', '--rig', 'web'], { cwd });
    expect(listed.map((r) => r.id).sort()).toEqual(['web-a', 'web-b', 'web-c', 'web-d', 'web-x', 'web-z']);

    // The cockpit's ready pane follows the same rule (through the store's snapshot).
    const store = new TownStore(town.root, { watch: false }).start();
    try {
      expect(selectReady(store.getSnapshot()).map((r) => r.id)).toEqual(['web-a', 'web-d']);
    } finally {
      await store.stop();
    }

    // ...and so does the daemon's dispatcher: nothing is spawned on blocked work.
    const cfg = JSON.parse(readFileSync(town.rigPaths('web').config, 'utf8')) as Record<string, unknown>;
    writeFileSync(
      town.rigPaths('web').config,
      JSON.stringify({ ...cfg, dispatch: true, max_workers: 10, worker_spawn_delay: 0 }),
    );
    const gatherer = new SnapshotGatherer(town);
    const snap = gatherer.gather([], Date.now(), {
      settings: gatherer.settings(),
      chains: gatherer.chains(),
    });
    const spawned = decideDispatch(snap, Date.now()).flatMap((a) => (a.kind === 'spawn' ? [a.issue] : []));
    expect(spawned).toEqual(['web-a', 'web-d']);

    const r = await ov(['doctor', '--json'], { cwd });
    expect(r.exitCode).not.toBe(0);
    const findings = JSON.parse(r.stdout) as Doctor;
    const text = findings.map((f) => f.message).join('\n');
    expect(text).toContain(`${file}:4: not a beads record`);
    expect(text).toContain(`${file}:6: not valid JSON`);
    expect(text).toMatch(/issue web-x cannot be read/);
    expect(text).toMatch(/issue web-y cannot be read/);

    // Changing an issue whose latest line cannot be read would write an older
    // record over what bd last wrote: refused, naming the line, nothing written.
    const before = readFileSync(file, 'utf8');
    for (const args of [
      ['issue', 'update', 'web-x', '--priority', '1'],
      ['issue', 'comment', 'web-x', 'a note'],
      ['issue', 'dep', 'add', 'web-x', 'web-a', '--type', 'related'],
      ['spawn', 'web-x', '--agent', 'scripted'],
    ]) {
      const refused = await ov(args, { cwd });
      expect(refused.exitCode, args.join(' ')).not.toBe(0);
      expect(refused.stderr).toContain(
        `issue "web-x" cannot be changed: its latest line cannot be read (${file}:4:`,
      );
    }
    expect(readFileSync(file, 'utf8')).toBe(before);

    // A good record for web-x later in the log makes it readable again.
    writeFileSync(
      file,
      readFileSync(file, 'utf8') + line('web-x', { status: 'closed', closed_at: at(9) }, 9) + '\n',
    );
    const after = await ovJson<{ id: string }[]>(['ready', '--rig', 'web'], { cwd });
    expect(after.map((x) => x.id)).toEqual(['web-a', 'web-b', 'web-d']);
  });

  it('a truly corrupt line is reported with file and line; the rest loads; --fix drops it', async () => {
    const { town } = await townWithRig();
    const cwd = town.root;
    const file = town.rigPaths('web').beads;
    writeFileSync(
      file,
      [
        line('web-a', {}, 1),
        line('web-b', {}, 2),
        '{{{ this is not json',
        line('web-c', {}, 3),
        line('web-d', {}, 4),
      ].join('\n') + '\n',
    );
    const listed = await ovJson<{ id: string }[]>(['issue', 'list'], { cwd });
    expect(listed.map((r) => r.id)).toEqual(['web-a', 'web-b', 'web-c', 'web-d']);
    const r = await ov(['doctor'], { cwd });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain(
      `problem: ${file}:3: not valid JSON: ignored (overseer doctor --fix repairs this)`,
    );
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const fixed = await ov(['doctor', '--fix'], { cwd });
    expect(fixed.stdout).toContain(`removed 1 torn line(s) from ${file}`);
    expect((await ov(['doctor'], { cwd })).stdout.trim()).toBe('town is healthy');
    expect((await ovJson<{ id: string }[]>(['issue', 'list'], { cwd })).map((x) => x.id)).toHaveLength(4);
  });

  it("doctor holds Overseer's own records to its schema, and bd's only to beads'", async () => {
    const { town } = await townWithRig();
    const cwd = town.root;
    const file = town.rigPaths('web').beads;
    writeFileSync(
      file,
      [
        line('web-a', { status: 'review', issue_type: 'story' }, 1), // bd: a custom status and type
        line('web-b', { version: 1, status: 'review' }, 2), // Overseer never writes that
        line('web-c', { version: 1, status: 'closed' }, 3), // closed without closed_at
      ].join('\n') + '\n',
    );
    const r = await ov(['doctor', '--json'], { cwd });
    expect(r.exitCode).toBe(1);
    const findings = JSON.parse(r.stdout) as Doctor;
    const messages = findings.map((f) => f.message);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(
      new RegExp(`${file}:2: issue web-b was written by Overseer but breaks its schema: .*status`),
    );
    expect(messages[1]).toMatch(new RegExp(`${file}:3: issue web-c .*closed_at`));
    // Every record is still read (never thrown away).
    expect((await ovJson<{ id: string }[]>(['issue', 'list'], { cwd })).map((x) => x.id)).toEqual([
      'web-a',
      'web-b',
      'web-c',
    ]);
  });
});
