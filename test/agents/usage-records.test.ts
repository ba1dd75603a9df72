import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claudeProjectDir } from '../../src/agents/usage/locate.js';
import type { UsageReader } from '../../src/agents/usage/records.js';
import { sampleUsage } from '../../src/agents/usage/sampler.js';
import { type PolecatUsage, sumModelTokens } from '../../src/town/schemas/usage.js';
import { tempDir } from '../support/tmp.js';

/**
 * The record files below were written by the real CLIs (pinned versions) in
 * one scripted turn against the model stand-in; the expected totals are the
 * stand-in's own figures for those requests (agent requests: the CLIs keep
 * no record of their side requests such as title generation).
 */
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'usage');

const EXPECTED: Record<UsageReader, { model: string; tokens: object }> = {
  claude: {
    model: 'claude-opus-4-8',
    tokens: { input: 24984, output: 115, cache_read: 74274, cache_write: 0 },
  },
  codex: {
    model: 'gpt-5-codex',
    tokens: { input: 56359 - 42032, output: 102, cache_read: 42032, cache_write: 0 },
  },
  gemini: {
    model: 'gemini-3.8-flash',
    tokens: { input: 51558 - 38457, output: 115, cache_read: 38457, cache_write: 0 },
  },
};

function entry(): PolecatUsage {
  const at = new Date(Date.now() - 60_000).toISOString();
  return {
    polecat: 'nux',
    agent: 'x',
    reader: 'x',
    created_at: at,
    updated_at: at,
    files: {},
    by_model: {},
    by_day: {},
  };
}

/** Lay a fixture out where its CLI would have written it for `worktree`; returns the file and the env. */
function layOut(
  reader: UsageReader,
  home: string,
  worktree: string,
): { file: string; env: NodeJS.ProcessEnv } {
  let text = readFileSync(join(FIXTURES, `${reader}.jsonl`), 'utf8');
  const env = { HOME: home, CODEX_HOME: join(home, '.codex') };
  let dir: string;
  let name: string;
  if (reader === 'claude') {
    dir = claudeProjectDir(env, worktree);
    name = 'c3c39231.jsonl';
  } else if (reader === 'codex') {
    const d = new Date();
    const p = (n: number) => String(n).padStart(2, '0');
    dir = join(home, '.codex', 'sessions', String(d.getFullYear()), p(d.getMonth() + 1), p(d.getDate()));
    name = 'rollout-2026-11-30T09-48-36-01a22bdb.jsonl';
    text = text.replace(/"cwd":"[^"]*"/g, `"cwd":${JSON.stringify(worktree)}`);
  } else {
    dir = join(home, '.gemini', 'tmp', 'furiosa', 'chats');
    name = 'session-2026-11-30T09-48-c0af46c7.jsonl';
    writeFileSync(
      join(home, '.gemini', 'projects.json'),
      JSON.stringify({ projects: { [worktree]: 'furiosa' } }),
    );
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), text);
  return { file: join(dir, name), env };
}

describe('token usage from each CLI’s own records', () => {
  for (const reader of ['claude', 'codex', 'gemini'] as const) {
    it(`${reader}: totals equal the stand-in's, read whole or in pieces, re-reading nothing`, () => {
      const home = tempDir();
      mkdirSync(join(home, '.gemini'), { recursive: true });
      const worktree = join(home, 'town', 'web', 'polecats', 'furiosa');
      const { file, env } = layOut(reader, home, worktree);
      const input = { reader, env, worktree, bornMs: Date.now() - 60_000, nowMs: Date.now() };

      const whole = entry();
      expect(sampleUsage(whole, input)).toBe(true);
      expect(Object.keys(whole.by_model)).toEqual([EXPECTED[reader].model]);
      expect(whole.by_model[EXPECTED[reader].model]).toEqual(EXPECTED[reader].tokens);
      expect(Object.keys(whole.files)).toEqual([file]);
      // Nothing new: nothing read, nothing changed.
      expect(sampleUsage(whole, input)).toBe(false);
      expect(whole.files[file]!.offset).toBe(readFileSync(file).length);

      // The same file growing line by line (and a line half written) adds up to the same.
      const lines = readFileSync(file, 'utf8').split('\n');
      writeFileSync(file, '');
      const grown = entry();
      for (const line of lines.filter((l) => l !== '')) {
        const half = Math.floor(line.length / 2);
        appendFileSync(file, line.slice(0, half));
        sampleUsage(grown, input);
        appendFileSync(file, line.slice(half) + '\n');
        sampleUsage(grown, input);
      }
      expect(sumModelTokens(grown.by_model)).toEqual(EXPECTED[reader].tokens);
      expect(Object.values(grown.by_day)).toHaveLength(1);

      // Small reads per pass (a huge backlog) catch up to the same totals.
      const small = entry();
      for (let i = 0; i < 200 && sampleUsage(small, { ...input, maxBytes: 2048 }); i++);
      expect(sumModelTokens(small.by_model)).toEqual(EXPECTED[reader].tokens);
    });
  }

  it('a worktree with no records yet gets a note saying so, not zeros', () => {
    const home = tempDir();
    for (const reader of ['claude', 'codex', 'gemini'] as const) {
      const e = entry();
      sampleUsage(e, {
        reader,
        env: { HOME: home },
        worktree: join(home, 'wt'),
        bornMs: Date.now(),
        nowMs: Date.now(),
      });
      expect(e.note).toMatch(/^no /);
      expect(e.by_model).toEqual({});
    }
  });

  it("records older than the polecat (an earlier polecat's, same worktree path) are not counted", () => {
    const home = tempDir();
    const worktree = join(home, 'wt');
    const { env } = layOut('claude', home, worktree);
    const e = entry();
    sampleUsage(e, { reader: 'claude', env, worktree, bornMs: Date.now() + 3_600_000, nowMs: Date.now() });
    expect(e.by_model).toEqual({});
    expect(e.note).toMatch(/no Claude Code transcript/);
  });
});
