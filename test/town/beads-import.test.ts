import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExport, planImport } from '../../src/town/beads-import.js';
import { IssueMap } from '../../src/town/issue-map.js';
import { createIssue, updateIssue } from '../../src/town/issues.js';
import { rigGit } from '../../src/runtime/git.js';
import { LocalRunner } from '../../src/runtime/local-runner.js';
import { addRig } from '../../src/town/rigs.js';
import type { Bead } from '../../src/town/schemas/bead.js';
import { bdImportProblems } from '../support/beads-reference.js';
import { ov, ovJson } from '../support/cli.js';
import { townWithRig } from '../support/town.js';

const rec = (id: string, updated: string, more: Record<string, unknown> = {}) => ({
  _type: 'issue',
  id,
  title: `issue ${id}`,
  status: 'open',
  priority: 2,
  issue_type: 'task',
  created_at: '2026-01-01T00:00:00Z',
  updated_at: updated,
  dependency_count: 0,
  dependent_count: 0,
  comment_count: 0,
  ...more,
});
const jsonl = (...rs: object[]) => rs.map((r) => JSON.stringify(r)).join('\n') + '\n';
const current = (...rs: object[]) => {
  const { issues } = parseExport(jsonl(...rs), 'current');
  return new IssueMap(
    issues.filter((b) => b.status !== 'tombstone').map((b): [string, Bead] => [b.id, b]),
    issues.filter((b) => b.status === 'tombstone').map((b): [string, Bead] => [b.id, b]),
  );
};

describe('planImport: upsert by id, newest updated_at wins', () => {
  const T1 = '2026-01-02T00:00:00Z';
  const T2 = '2026-01-03T00:00:00Z';
  it.each([
    ['a new id is created', [], [rec('UI-1', T1)], [['UI-1', 'create']]],
    [
      'a newer record replaces, naming the fields',
      [rec('UI-1', T1)],
      [rec('UI-1', T2, { status: 'closed', closed_at: T2 })],
      [['UI-1', 'update', ['closed_at', 'status', 'updated_at']]],
    ],
    [
      'an older record is skipped',
      [rec('UI-1', T2)],
      [rec('UI-1', T1, { title: 'stale' })],
      [['UI-1', 'older']],
    ],
    [
      'the same record is unchanged (envelope counts aside)',
      [rec('UI-1', T1)],
      [rec('UI-1', T1, { dependent_count: 9 })],
      [['UI-1', 'unchanged']],
    ],
    [
      'times compare as times, not text',
      [rec('UI-1', '2026-01-02T01:00:00+02:00')],
      [rec('UI-1', '2026-01-01T23:30:00Z', { title: 'later' })],
      [['UI-1', 'update', ['title', 'updated_at']]],
    ],
    [
      'a newer tombstone deletes',
      [rec('UI-1', T1)],
      [rec('UI-1', T2, { status: 'tombstone', deleted_at: T2 })],
      [['UI-1', 'update', ['deleted_at', 'status', 'updated_at']]],
    ],
    [
      'a deleted issue can come back newer',
      [rec('UI-1', T1, { status: 'tombstone' })],
      [rec('UI-1', T2)],
      [['UI-1', 'update', ['status', 'updated_at']]],
    ],
    [
      'duplicates in one file: the newer wins',
      [],
      [rec('UI-1', T2), rec('UI-1', T1, { title: 'old' })],
      [
        ['UI-1', 'create'],
        ['UI-1', 'older'],
      ],
    ],
  ] as [string, object[], object[], unknown[][]][])('%s', (_name, have, incoming, want) => {
    const plan = planImport(current(...have), [], parseExport(jsonl(...incoming), 'in'));
    expect(plan.changes.map((c) => [c.id, c.action, ...('fields' in c ? [c.fields] : [])])).toEqual(want);
  });

  it('keeps memories once per key, drops _schema headers', () => {
    const parsed = parseExport(
      jsonl(
        { _schema: 'beads-jsonl/1' },
        { _type: 'memory', key: 'k', value: 'v' },
        { _type: 'memory', key: 'j', value: 'w' },
      ),
      'in',
    );
    const plan = planImport(current(), [{ _type: 'memory', key: 'k', value: 'v' }], parsed);
    expect(plan.others).toEqual([{ _type: 'memory', key: 'j', value: 'w' }]);
  });

  it('refuses a file with any bad line, naming file and line', () => {
    expect(() => parseExport(jsonl(rec('UI-1', T1)) + '{oops\n' + jsonl({ id: 'UI-2' }), 'x.jsonl')).toThrow(
      /nothing imported: x\.jsonl:2: not valid JSON; x\.jsonl:3: not a beads record: field title/,
    );
  });
});

describe('overseer issue import / export', () => {
  it('imports from a file or stdin, learns foreign prefixes, and is idempotent', async () => {
    const { town, base } = await townWithRig();
    const cwd = town.root;
    const file = join(base, 'bd.jsonl');
    writeFileSync(
      file,
      jsonl(
        rec('UI-1', '2026-01-02T00:00:00Z'),
        rec('gt-mol-p5zm', '2026-01-02T00:00:00Z'),
        rec('gt-5tnmc', '2026-01-02T00:00:00Z'),
      ),
    );
    const dry = await ov(['issue', 'import', 'web', file, '--dry-run'], { cwd });
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toContain('create UI-1  issue UI-1');
    expect(dry.stdout).toContain('would learn prefixes: UI, gt');
    expect(readFileSync(town.rigPaths('web').beads, { flag: 'a+' }).length).toBe(0);
    expect(town.rig('web').beads.prefixes).toBeUndefined();

    const r = await ovJson<{ created: string[]; learned: string[] }>(['issue', 'import', 'web', file], {
      cwd,
    });
    expect(r.created).toEqual(['UI-1', 'gt-mol-p5zm', 'gt-5tnmc']);
    expect(town.rig('web').beads.prefixes).toEqual(['UI', 'gt']);
    const shown = await ovJson<{ id: string; title: string }>(['issue', 'show', 'gt-mol-p5zm'], { cwd });
    expect(shown.title).toBe('issue gt-mol-p5zm');
    const before = readFileSync(town.rigPaths('web').beads, 'utf8');
    const again = await ov(['issue', 'import', 'web', '-'], { cwd, input: readFileSync(file, 'utf8') });
    expect(again.stdout).toContain('imported stdin into web: 0 created, 0 updated, 3 unchanged');
    expect(readFileSync(town.rigPaths('web').beads, 'utf8')).toBe(before);
  });

  it('refuses bad input with nothing written: a bad line, a missing file, a prefix another rig owns', async () => {
    const { town, base, origin } = await townWithRig();
    const cwd = town.root;
    await addRig(town, { name: 'api', source: origin, prefix: 'api' }, rigGit(new LocalRunner()));
    await createIssue(town, 'web', { title: 'ours' });
    const log = town.rigPaths('web').beads;
    const before = readFileSync(log, 'utf8');
    const cases: [string, RegExp][] = [
      [jsonl(rec('UI-1', '2026-01-02T00:00:00Z')) + 'garbage\n', /bd\.jsonl:2: not valid JSON/],
      [
        jsonl(rec('UI-1', '2026-01-02T00:00:00Z'), rec('api-77', '2026-01-02T00:00:00Z')),
        /prefix "api" belongs to rig api/,
      ],
      [jsonl(rec('hq-1', '2026-01-02T00:00:00Z')), /prefix "hq" is the town's/],
      [
        jsonl({ ...rec('UI-2', '2026-01-02T00:00:00Z'), priority: 'high' }),
        /bd\.jsonl:1: not a beads record: field priority/,
      ],
    ];
    const file = join(base, 'bd.jsonl');
    for (const [text, msg] of cases) {
      writeFileSync(file, text);
      const r = await ov(['issue', 'import', 'web', file], { cwd });
      expect(r.exitCode, text).not.toBe(0);
      expect(r.stderr).toMatch(msg);
    }
    const missing = await ov(['issue', 'import', 'web', join(base, 'nope.jsonl')], { cwd });
    expect(missing.stderr).toMatch(/cannot read .*nope\.jsonl: no such file/);
    expect(readFileSync(log, 'utf8')).toBe(before);
    expect(town.rig('web').beads.prefixes).toBeUndefined();
  });

  it("keeps a bd record's unknown fields and omissions through an Overseer update", async () => {
    const { town } = await townWithRig();
    const file = town.rigPaths('web').beads;
    const original = {
      id: 'web-9x2',
      title: 'From bd',
      status: 'open',
      priority: 1,
      issue_type: 'spike',
      owner: 'jo@example.org',
      created_at: '2025-12-31T16:05:20.70823-08:00',
      created_by: 'jo',
      updated_at: '2025-12-31T16:05:20.70823-08:00',
      metadata: { points: 3, tags: ['a'] },
      compaction_level: 1,
      future_field: { nested: [1, 2] },
    };
    writeFileSync(file, JSON.stringify(original) + '\n');
    await updateIssue(town, 'web-9x2', { title: 'Renamed' });
    const last = JSON.parse(readFileSync(file, 'utf8').trim().split('\n').pop()!) as Record<string, unknown>;
    const { title, updated_at, ...rest } = last;
    expect(title).toBe('Renamed');
    expect(updated_at).not.toBe(original.updated_at);
    const { title: _t, updated_at: _u, ...want } = original;
    expect(rest).toEqual(want);
    expect(Object.keys(last)).toEqual(Object.keys(original));
  });

  it('exports to stdout in bd format, escaping what a terminal would obey', async () => {
    const { town } = await townWithRig();
    const b = await createIssue(town, 'web', { title: 'bell \u0007 and \u009b csi', labels: ['x'] });
    const r = await ov(['issue', 'export', 'web'], { cwd: town.root });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).not.toMatch(/[\u0007\u009b]/);
    const e = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(e)[0]).toBe('_type');
    expect(e).toMatchObject({
      _type: 'issue',
      id: b.id,
      title: b.title,
      dependency_count: 0,
      dependent_count: 0,
      comment_count: 0,
    });
  });
});

describe('issue export', () => {
  it("writes what bd's importer reads, for issues Overseer made", async () => {
    const { town } = await townWithRig();
    const cwd = town.root;
    const a = await createIssue(town, 'web', { title: 'first', labels: ['x'] });
    const b = await createIssue(town, 'web', { title: 'second', type: 'bug', priority: 0 });
    for (const args of [
      ['issue', 'dep', 'add', b.id, a.id],
      ['issue', 'comment', a.id, 'a note'],
      ['issue', 'close', a.id, '--reason', 'done'],
      ['issue', 'update', b.id, '--status', 'deferred'],
      ['issue', 'update', a.id, '--status', 'open'],
    ])
      expect((await ov(args, { cwd })).exitCode, args.join(' ')).toBe(0);
    const r = await ov(['issue', 'export', 'web'], { cwd });
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(bdImportProblems(l), l).toEqual([]);
    const [ea, eb] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(ea).toMatchObject({ id: a.id, status: 'open', comment_count: 1, dependent_count: 1 });
    expect(ea!.closed_at).toBeUndefined();
    expect(eb).toMatchObject({ id: b.id, status: 'deferred', dependency_count: 1 });
  });
});
