import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  ENVELOPE,
  type Raw,
  bdImportProblems,
  readCorpus,
  referenceReady,
} from '../support/beads-reference.js';
import { ov, ovJson } from '../support/cli.js';
import { townWithRig } from '../support/town.js';

/**
 * The fixture corpus (test/fixtures/beads): logs in the shapes bd 0.9, 0.20,
 * 0.36, 0.47 and 1.0 export, and one modelled on a real gastown tracker.
 * Each is read in place as a rig's log, then imported, updated and exported.
 */
const DIR = fileURLToPath(new URL('../fixtures/beads/', import.meta.url));
const FIXTURES = readdirSync(DIR).filter((f) => f.endsWith('.jsonl'));

type Doctor = { file: string; message: string }[];
const idsOf = (xs: { id: string }[]) => xs.map((x) => x.id);

describe('the bd fixture corpus', () => {
  it('covers every record shape the issue lists', () => {
    const all = FIXTURES.flatMap((f) => readFileSync(join(DIR, f), 'utf8').trim().split('\n')).map(
      (l) => JSON.parse(l) as Raw,
    );
    const issues = all.filter((r) => r.id && (r._type ?? 'issue') === 'issue');
    const has = (p: (r: Raw) => boolean) => issues.some(p);
    expect(has((r) => /^[A-Z]+-/.test(r.id))).toBe(true);
    expect(has((r) => /^[A-Z][a-z]+[A-Z]/.test(r.id))).toBe(true);
    expect(has((r) => /-\d+$/.test(r.id))).toBe(true);
    expect(has((r) => /\.\d+$/.test(r.id))).toBe(true);
    expect(has((r) => /^[a-z]+-[a-z]+-[a-z0-9]+$/.test(r.id))).toBe(true);
    for (const s of [
      'open',
      'in_progress',
      'blocked',
      'deferred',
      'closed',
      'tombstone',
      'pinned',
      'hooked',
      'review',
    ])
      expect(
        has((r) => r.status === s),
        s,
      ).toBe(true);
    for (const t of ['decision', 'event', 'molecule', 'gate', 'agent', 'merge-request', 'message', 'spike'])
      expect(
        has((r) => r.issue_type === t),
        t,
      ).toBe(true);
    for (const f of [
      'comments',
      'labels',
      'owner',
      'created_by',
      'close_reason',
      'design',
      'acceptance_criteria',
    ])
      expect(
        has((r) => r[f] !== undefined),
        f,
      ).toBe(true);
    for (const f of [
      'notes',
      'due_at',
      'defer_until',
      'external_ref',
      'metadata',
      'wisp',
      'ephemeral',
      'pinned',
    ])
      expect(
        has((r) => r[f] !== undefined),
        f,
      ).toBe(true);
    const deps = issues.flatMap((r) => (r.dependencies ?? []) as Raw[]);
    for (const t of [
      'blocks',
      'parent-child',
      'conditional-blocks',
      'waits-for',
      'related',
      'blocked-by',
      'tracks',
    ])
      expect(
        deps.some((d) => d.type === t),
        t,
      ).toBe(true);
    expect(deps.some((d) => d.metadata !== undefined && d.created_by !== undefined)).toBe(true);
    expect(all.some((r) => r._type === 'memory' && r.id === undefined)).toBe(true);
    expect(all.some((r) => r._type === 'issue')).toBe(true);
  });

  it.each(FIXTURES)(
    '%s: read in place, every issue is listed, doctor is clean, ready follows the written rules',
    async (fixture) => {
      const { town } = await townWithRig();
      const cwd = town.root;
      const text = readFileSync(join(DIR, fixture), 'utf8');
      copyFileSync(join(DIR, fixture), town.rigPaths('web').beads);
      const ref = readCorpus(text);

      const listed = await ovJson<{ id: string }[]>(['issue', 'list', '--rig', 'web'], { cwd });
      expect(idsOf(listed).sort()).toEqual([...ref.issues.keys()].sort());
      expect(await ovJson<Doctor>(['doctor'], { cwd })).toEqual([]);
      const ready = await ovJson<{ id: string }[]>(['ready', '--rig', 'web'], { cwd });
      expect(idsOf(ready)).toEqual(referenceReady(ref, Date.now()));
      // The file was only read.
      expect(readFileSync(town.rigPaths('web').beads, 'utf8')).toBe(text);
    },
  );

  it.each(FIXTURES)(
    '%s: import, update one issue, export — nothing Overseer does not own changes',
    async (fixture) => {
      const { town, base } = await townWithRig();
      const cwd = town.root;
      const text = readFileSync(join(DIR, fixture), 'utf8');
      const ref = readCorpus(text);

      const imported = await ovJson<{ created: string[] }>(['issue', 'import', 'web', join(DIR, fixture)], {
        cwd,
      });
      expect(imported.created.length).toBe(ref.issues.size + ref.deleted.size);
      const again = await ovJson<{
        created: string[];
        updated: unknown[];
        unchanged: number;
        others: number;
      }>(['issue', 'import', 'web', join(DIR, fixture)], { cwd });
      expect(again).toMatchObject({
        created: [],
        updated: [],
        unchanged: ref.issues.size + ref.deleted.size,
        others: 0,
      });
      const ready = await ovJson<{ id: string }[]>(['ready', '--rig', 'web'], { cwd });
      expect(idsOf(ready)).toEqual(referenceReady(ref, Date.now()));
      expect(await ovJson<Doctor>(['doctor'], { cwd })).toEqual([]);

      const target = [...ref.issues.values()].find((r) => (r.status ?? 'open') === 'open')!;
      expect((await ov(['issue', 'update', target.id, '--status', 'in_progress'], { cwd })).exitCode).toBe(0);
      const out = join(base, 'export.jsonl');
      expect((await ov(['issue', 'export', 'web', out], { cwd })).exitCode).toBe(0);
      const exportedLines = readFileSync(out, 'utf8').trim().split('\n');
      for (const l of exportedLines) expect(bdImportProblems(l), l).toEqual([]);
      const exported = exportedLines.map((l) => JSON.parse(l) as Raw);

      const exportedIssues = new Map(
        exported.filter((r) => r._type === 'issue').map((r) => [r.id as string, r]),
      );
      const originals = new Map([...ref.issues, ...ref.deleted]);
      expect([...exportedIssues.keys()].sort()).toEqual([...originals.keys()].sort());
      const dependents = new Map<string, number>();
      for (const r of originals.values())
        for (const d of (r.dependencies ?? []) as Raw[])
          dependents.set(d.depends_on_id, (dependents.get(d.depends_on_id) ?? 0) + 1);
      for (const [id, orig] of originals) {
        const e = exportedIssues.get(id)!;
        const owned = id === target.id ? ['status', 'updated_at'] : [];
        for (const key of new Set([...Object.keys(orig), ...Object.keys(e)])) {
          if (ENVELOPE.includes(key) || owned.includes(key)) continue;
          expect(isDeepStrictEqual(e[key], orig[key]), `${fixture} ${id}.${key}`).toBe(true);
        }
        expect(e.dependency_count).toBe((orig.dependencies ?? []).length);
        expect(e.comment_count).toBe((orig.comments ?? []).length);
        expect(e.dependent_count).toBe(dependents.get(id) ?? 0);
        for (const k of ['dependency_count', 'dependent_count', 'comment_count'])
          if (orig[k] !== undefined) expect(e[k], `${id}.${k}`).toBe(orig[k]);
      }
      const t = exportedIssues.get(target.id)!;
      expect(t.status).toBe('in_progress');
      expect(Date.parse(t.updated_at as string)).toBeGreaterThan(Date.parse(target.updated_at as string));
      expect(exported.filter((r) => r._type !== 'issue')).toEqual(ref.others);
      // The export reads back as the same issues.
      writeFileSync(town.rigPaths('web').beads, readFileSync(out));
      const relisted = await ovJson<{ id: string }[]>(['issue', 'list', '--rig', 'web'], { cwd });
      expect(idsOf(relisted).sort()).toEqual([...ref.issues.keys()].sort());
    },
  );
});
