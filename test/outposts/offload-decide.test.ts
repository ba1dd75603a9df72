import { describe, expect, it } from 'vitest';
import { holdsUnfetched, jobId, jobView, playbookTasks, taskView } from '../../src/polecats/offload/job.js';
import { fixPrompt } from '../../src/polecats/offload/fix-agent.js';
import { offloadOrder } from '../../src/polecats/offload/start.js';
import type { OffloadAnswer } from '../../src/runtime/remote/offload.js';
import { OffloadConfig, type OffloadJob } from '../../src/town/schemas/offload.js';
import { RigConfig } from '../../src/town/schemas/rig.js';
import { OutpostsFile } from '../../src/town/schemas/outpost.js';
import { parsePrompt, chooseBehaviour, planSteps } from '../../src/agents/scripted/plan.js';

const answer = (over: Partial<OffloadAnswer> = {}): OffloadAnswer => ({
  session: true,
  tasks: {},
  tails: {},
  now_ms: 10_000,
  ...over,
});

const job: OffloadJob = {
  version: 1,
  id: 'web-fix-abcdef0123',
  rig: 'web',
  playbook: 'fix',
  outpost: 'op0',
  target: { input: 'feat', kind: 'ref', sha: 'a'.repeat(40) },
  branch: 'offload/web-fix-abcdef0123',
  dir: '/d',
  worktree: '/d/wt',
  session: 'ovo-web-fix-abcdef0123',
  socket: 's',
  tasks: [
    { name: 'unit', run: 'npm test' },
    { name: 'lint', run: 'npm run lint' },
  ],
  created_at: '2026-01-01T00:00:00.000Z',
};

describe('offload decisions', () => {
  it.each([
    [
      'a status file: passed',
      { code: 0, started_ms: 1000, ended_ms: 4000 },
      true,
      { state: 'passed', code: 0, duration_ms: 3000 },
    ],
    [
      'a status file: failed with its code',
      { code: 3, started_ms: 1000, ended_ms: 1500 },
      true,
      { state: 'failed', code: 3, duration_ms: 500 },
    ],
    [
      'started, session alive: running for so long',
      { started_ms: 4000 },
      true,
      { state: 'running', duration_ms: 6000 },
    ],
    ['not started yet, session alive: waiting', {}, true, { state: 'waiting' }],
    ['no status and no session: lost', { started_ms: 4000 }, false, { state: 'lost' }],
    ['a status file outlives its session', { code: 0 }, false, { state: 'passed', code: 0 }],
  ])('task view: %s', (_name, files, session, want) => {
    expect(taskView('unit', answer({ session, tasks: { unit: files } }))).toEqual({ name: 'unit', ...want });
  });

  it.each([
    ['all passed', { unit: { code: 0 }, lint: { code: 0 } }, undefined, 'passed'],
    ['one failed', { unit: { code: 0 }, lint: { code: 1 } }, undefined, 'failed'],
    ['one running', { unit: { code: 0 }, lint: { started_ms: 1 } }, undefined, 'running'],
    ['green tasks but the fix loop runs', { unit: { code: 0 }, lint: { code: 0 } }, 'running', 'running'],
  ] as const)('job view: %s', (_n, tasks, fix, state) => {
    const j = fix ? { ...job, fix: { max_rounds: 3, round: 1, state: fix } } : job;
    expect(jobView(j, answer({ tasks })).state).toBe(state);
  });

  it.each([
    ['no worktree head', undefined, undefined, false],
    ['still at the target', 'a'.repeat(40), undefined, false],
    ['a new commit', 'b'.repeat(40), undefined, true],
    ['the new commit was fetched', 'b'.repeat(40), 'b'.repeat(40), false],
    ['a commit after the fetch', 'c'.repeat(40), 'b'.repeat(40), true],
  ])('unfetched work: %s', (_n, head, fetched, want) => {
    const j = fetched ? { ...job, fetched: { sha: fetched, branch: job.branch, at: job.created_at } } : job;
    expect(holdsUnfetched(j, head)).toBe(want);
  });

  it('the job id follows rig, playbook and target commit (the same command finds the same job)', () => {
    expect(jobId('web', 'ready', 'abcdef0123456789')).toBe('web-ready-abcdef0123');
    expect(jobId('web', 'ready', 'abcdef0123456789')).toBe(jobId('web', 'ready', 'abcdef0123ffff'));
    expect(jobId('web', 'fix', 'abcdef0123')).not.toBe(jobId('web', 'ready', 'abcdef0123'));
  });

  const outposts = (names: string[], preference: string[]) =>
    OutpostsFile.parse({
      version: 1,
      outposts: names.map((name) => ({ name, type: 'ssh', host: 'h', dir: '/srv' })),
      policy: { preference },
    });

  it.each([
    ['preference order, local left out', ['a', 'b'], ['local', 'b', 'a'], undefined, ['b', 'a']],
    ['outposts not in the preference come last', ['a', 'b', 'c'], ['local', 'c'], undefined, ['c', 'a', 'b']],
    ['--outpost pins one', ['a', 'b'], ['local', 'a', 'b'], 'b', ['b']],
  ])('outpost order: %s', (_n, names, pref, pinned, want) => {
    expect(offloadOrder(outposts(names, pref), pinned)).toEqual(want);
  });

  it('no outposts configured, or --outpost local: this machine; an unknown outpost is a clear error', () => {
    expect(offloadOrder(outposts([], ['local']), undefined)).toEqual(['local']);
    expect(offloadOrder(outposts(['a'], ['local', 'a']), 'local')).toEqual(['local']);
    expect(() => offloadOrder(outposts(['a'], ['local', 'a']), 'mars')).toThrow(
      /unknown outpost "mars".*has a/,
    );
  });

  it('an unknown playbook names the config file, the field and the playbooks there', () => {
    const config = OffloadConfig.parse({ playbooks: { ready: [{ name: 'unit', run: 'true' }] } });
    expect(playbookTasks(config, 'ready', '/t/web/config.json')).toHaveLength(1);
    expect(() => playbookTasks(config, 'review', '/t/web/config.json')).toThrow(
      'unknown playbook "review": /t/web/config.json field offload.playbooks has ready',
    );
    expect(() => playbookTasks(undefined, 'ready', 'c.json')).toThrow(/defines none/);
  });

  it.each([
    [
      'a task without a command',
      { playbooks: { ready: [{ name: 'unit', run: ' ' }] } },
      'offload.playbooks.ready.0.run',
    ],
    [
      'a bad task name',
      { playbooks: { ready: [{ name: 'Unit Tests', run: 'x' }] } },
      'offload.playbooks.ready.0.name',
    ],
    [
      'a bad playbook name',
      { playbooks: { 'Re view': [{ name: 'a', run: 'x' }] } },
      'offload.playbooks.Re view',
    ],
    [
      'two tasks of one name',
      {
        playbooks: {
          ready: [
            { name: 'a', run: 'x' },
            { name: 'a', run: 'y' },
          ],
        },
      },
      'offload.playbooks.ready',
    ],
    ['an empty playbook', { playbooks: { ready: [] } }, 'offload.playbooks.ready'],
    ['fix rounds out of range', { fix_rounds: 0 }, 'offload.fix_rounds'],
    ['an unknown field', { playbook: {} }, 'offload'],
  ])('rig config validation: %s names the field', (_n, offload, path) => {
    const r = RigConfig.safeParse({
      type: 'rig',
      version: 1,
      name: 'web',
      git_url: '/x',
      default_branch: 'main',
      beads: { prefix: 'web' },
      created_at: '2026-01-01T00:00:00.000Z',
      offload,
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('the fix prompt carries the failing tasks and their output, stripped of escape sequences; the scripted agent reads it as a fix', () => {
    const p = fixPrompt({ ...job, fix: { max_rounds: 3, round: 1, state: 'running' } }, 1, [
      { name: 'lint', code: 2, log: 'error \x1b[31mred\x1b[0m\x1b]0;title\x07 here\n' },
    ]);
    expect(p).toContain('round 1 of 3');
    expect(p).toContain('## Failing: lint (exit 2)');
    expect(p).toContain('Command: npm run lint');
    expect(p).toContain('error red here');
    expect(p).not.toMatch(/\x1b|\x07/);
    const info = parsePrompt(p);
    expect(chooseBehaviour(info.labels, undefined)).toBe('fix');
    expect(planSteps('fix', info).map((s) => s.kind)).toEqual([
      'say',
      'think',
      'say',
      'remove',
      'think',
      'commit',
      'done',
    ]);
  });
});
