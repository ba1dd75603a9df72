import { mkdirSync, utimesSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createIssue } from '../../src/town/issues.js';
import { createMergeRequest } from '../../src/town/merge-requests.js';
import { writePolecat } from '../../src/town/polecat-state.js';
import { ov, ovJson } from '../support/cli.js';
import { townWithRig } from '../support/town.js';

describe('status', () => {
  it('counts issues, polecats and merge requests per rig', async () => {
    const { town } = await townWithRig();
    const a = await createIssue(town, 'web', { title: 'a' });
    await createIssue(town, 'web', { title: 'b' });
    await createMergeRequest(town, { rig: 'web', branch: 'polecat/nux', sourceIssue: a.id, worker: 'nux' });
    const now = new Date().toISOString();
    const rp = town.rigPaths('web');
    await writePolecat(rp, {
      version: 1,
      name: 'nux',
      rig: 'web',
      issue: a.id,
      branch: 'polecat/nux',
      worktree: rp.worktree('nux'),
      session: 'ov-web-nux',
      agent: 'scripted',
      outpost: 'local',
      state: 'working',
      state_source: 'activity',
      state_reason: 'output 2s ago',
      state_since: now,
      created_at: now,
      updated_at: now,
    });
    const s = await ovJson<{
      rigs: { rig: string; issues: object; polecats: object; merge_requests: object }[];
    }>(['status'], { cwd: town.root });
    // No daemon runs: status works the state out itself, and the file's "working" had no session.
    expect(s.rigs).toEqual([
      { rig: 'web', issues: { open: 2 }, polecats: { dead: 1 }, merge_requests: { queued: 1 } },
    ]);
    const text = await ov(['status'], { cwd: town.root });
    expect(text.stdout).toContain('polecats: dead 1');
  });

  it.each([
    ['garbage', '{not json', /not valid JSON/],
    ['empty', '', /file is empty/],
    [
      'wrong field',
      JSON.stringify({ type: 'town', version: 1, name: 5, created_at: '2026-01-01T00:00:00Z' }),
      /field name/,
    ],
    [
      'future version',
      JSON.stringify({ type: 'town', version: 9, name: 'x', created_at: '2026-01-01T00:00:00Z' }),
      /version 9 is newer/,
    ],
  ])(
    'a corrupt mayor/town.json (%s) makes status exit non-zero naming the file',
    async (_label, content, why) => {
      const { town } = await townWithRig();
      const file = join(town.root, 'mayor', 'town.json');
      writeFileSync(file, content);
      const r = await ov(['status', '--town', town.root]);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain(file);
      expect(r.stderr).toMatch(why);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // a message, not a stack trace
    },
  );
});

describe('doctor', () => {
  it('reports every broken file with its field, and fixes only what is safe', async () => {
    const { town } = await townWithRig();
    const rp = town.rigPaths('web');
    const cfg = JSON.parse(readFileSync(rp.config, 'utf8'));
    writeFileSync(rp.config, JSON.stringify({ ...cfg, max_workers: 'many' }));
    const lock = `${rp.beads}.lock`;
    mkdirSync(lock);
    const old = new Date(Date.now() - 600_000);
    utimesSync(lock, old, old);
    const leftover = join(town.paths.tmpDir, 'rig-x-abc');
    mkdirSync(leftover, { recursive: true });
    const now = new Date().toISOString();
    await writePolecat(rp, {
      version: 1,
      name: 'ghost',
      rig: 'web',
      issue: 'web-zzzz',
      branch: 'polecat/ghost',
      worktree: rp.worktree('ghost'),
      session: 'ov-web-ghost',
      agent: 'scripted',
      outpost: 'local',
      state: 'dead',
      state_source: 'lifecycle',
      state_reason: 'gone',
      state_since: now,
      created_at: now,
      updated_at: now,
    });

    const r = await ov(['doctor', '--json'], { cwd: town.root });
    expect(r.exitCode).toBe(1);
    const findings = JSON.parse(r.stdout) as { file: string; message: string; fixable: boolean }[];
    expect(findings.find((f) => f.file === rp.config)?.message).toMatch(/field max_workers/);
    expect(findings.find((f) => f.file === lock)).toMatchObject({ fixable: true });
    expect(findings.find((f) => f.file === leftover)).toMatchObject({ fixable: true });
    expect(findings.find((f) => f.file === rp.polecatState('ghost'))).toMatchObject({ fixable: true });

    const fixed = await ov(['doctor', '--fix'], { cwd: town.root });
    expect(fixed.exitCode).toBe(1); // the bad config is not auto-fixed
    expect(fixed.stdout).toContain(`fixed: removed stale lock ${lock}`);
    expect(existsSync(lock)).toBe(false);
    expect(existsSync(leftover)).toBe(false);
    expect(existsSync(rp.polecatState('ghost'))).toBe(false);
    expect(readFileSync(rp.config, 'utf8')).toContain('"many"');
    expect(fixed.stdout).toMatch(/problem: .*config\.json: field max_workers/);

    writeFileSync(rp.config, JSON.stringify(cfg));
    const healthy = await ov(['doctor'], { cwd: town.root });
    expect(healthy.stdout).toContain('town is healthy');
    expect(healthy.exitCode).toBe(0);
  });
});

describe('untrusted text in CLI messages', () => {
  it('a town.json holding escape sequences is named without driving the terminal', async () => {
    const { town } = await townWithRig();
    const file = join(town.root, 'mayor', 'town.json');
    writeFileSync(file, '\x1b]0;PWNED\x07{"type":"town"\x1b[2J');
    const r = await ov(['status', '--town', town.root]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(file);
    expect(r.stderr).not.toMatch(/[\x1b\x07]/);
    const d = await ov(['doctor', '--town', town.root]);
    expect(d.stdout + d.stderr).not.toMatch(/[\x1b\x07]/);
  });

  it('rig add from a repository whose HEAD names no branch works from its only branch', async () => {
    const { town, origin } = await townWithRig();
    const { execFileSync } = await import('node:child_process');
    execFileSync('git', ['symbolic-ref', 'HEAD', 'refs/heads/gone'], { cwd: origin });
    const r = await ov(['rig', 'add', 'api', origin, '--prefix', 'api'], { cwd: town.root });
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/branch main/);
  });

  it('rig add from an empty repository says it has no commits', async () => {
    const { town, base } = await townWithRig();
    const { execFileSync } = await import('node:child_process');
    const empty = join(base, 'empty.git');
    execFileSync('git', ['init', '-q', '--bare', empty]);
    const r = await ov(['rig', 'add', 'api', empty, '--prefix', 'api'], { cwd: town.root });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/has no commits on a branch to work from/);
    expect(r.stderr).not.toMatch(/internal error/);
  });
});
