import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { readAttempts } from '../../src/escalation/attempts.js';
import { createIssue, getIssue } from '../../src/town/issues.js';
import { readPolecats } from '../../src/town/polecat-state.js';
import { RigConfig } from '../../src/town/schemas/rig.js';
import { daemonTown, type DaemonFixture } from '../support/daemon-town.js';

let fx: DaemonFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

const AGENTS = `version: 1
presets:
  scripted-bad:
    description: the scripted agent, always committing a change that fails the tests
    command: ['{node}', '{scripted_agent}', '{prompt_file}']
    env: { OVERSEER_SCRIPTED_BEHAVIOUR: fail-tests }
    state: { busy: ['esc to interrupt'], waiting: ['Do you want to proceed\\? \\(y/n\\)'], prompt_marker: '❯', tail_lines: 4 }
`;

const CHAINS = {
  version: 1,
  tiers: {
    cheap: { preset: 'scripted-bad', model: 'local-small' },
    strong: { preset: 'scripted', model: 'frontier' },
  },
  chains: { 'cheap-first': ['cheap', 'strong'] },
  default_chain: 'cheap-first',
};

function enableDispatch(f: DaemonFixture, testCommand: string): void {
  const file = f.town.rigPaths('web').config;
  const cfg = RigConfig.parse(JSON.parse(readFileSync(file, 'utf8')));
  writeFileSync(
    file,
    JSON.stringify({ ...cfg, dispatch: true, worker_spawn_delay: 0, test_command: testCommand }),
  );
}

describe('escalation chains with real tmux, git and the refinery', () => {
  it('a fail-tests attempt escalates to the next tier, whose prompt carries the test output', async () => {
    fx = await daemonTown({ agents: AGENTS, chains: CHAINS });
    const f = fx;
    enableDispatch(f, 'if [ -e BROKEN ]; then echo "FAIL: BROKEN is present"; exit 1; fi; echo ok');
    const issue = await createIssue(f.town, 'web', { title: 'Add a feature' });
    const paths = f.town.rigPaths('web');

    const started = await f.tickUntil(
      'the second tier to start',
      () => {
        const a = readAttempts(paths, issue.id);
        return a.length === 2 && readPolecats(paths).polecats.some((p) => p.name === a[1]!.polecat)
          ? a
          : undefined;
      },
      60_000,
    );
    // The second session starts with the feedback in its prompt.
    const prompt = readFileSync(`${paths.runtimeDir}/prompts/${started[1]!.polecat}.md`, 'utf8');
    expect(prompt).toContain('## Feedback from a previous attempt');
    expect(prompt).toContain('FAIL: BROKEN is present');
    expect(prompt).toContain('tier cheap');

    const attempts = await f.tickUntil(
      'the second tier to be accepted',
      () => {
        const a = readAttempts(paths, issue.id);
        return a.length === 2 && a[1]!.verdict === 'accept' ? a : undefined;
      },
      60_000,
    );
    expect(attempts[0]).toMatchObject({
      attempt: 1,
      tier: 0,
      tier_name: 'cheap',
      preset: 'scripted-bad',
      model: 'local-small',
      verdict: 'escalate',
    });
    expect(attempts[0]!.feedback).toContain('FAIL: BROKEN is present');
    expect(attempts[0]!.duration_ms).toBeGreaterThan(0);
    expect(attempts[1]).toMatchObject({
      attempt: 2,
      tier: 1,
      tier_name: 'strong',
      preset: 'scripted',
      model: 'frontier',
      verdict: 'accept',
    });

    const second = attempts[1]!.polecat!;
    const firstName = attempts[0]!.polecat!;
    const spawned = f.events('polecat.spawned').map((e) => e.subject);
    expect(spawned).toEqual([`web/${firstName}`, `web/${second}`]);
    expect(getIssue(f.town, issue.id).status).toBe('closed');

    // The failed attempt's worktree is kept (it holds the unmerged commit); the accepted one is cleaned up.
    await f.tickUntil(
      'the accepted polecat to be removed',
      () => !readPolecats(paths).polecats.some((p) => p.name === second),
    );
    const left = readPolecats(paths).polecats.map((p) => p.name);
    expect(left).toEqual([firstName]);
  });

  it('all tiers failing escalates to the overseer with the trail', async () => {
    fx = await daemonTown({
      agents: AGENTS,
      chains: {
        ...CHAINS,
        tiers: { ...CHAINS.tiers, strong: { preset: 'scripted-bad', model: 'frontier' } },
      },
    });
    const f = fx;
    enableDispatch(f, 'test ! -e BROKEN');
    const issue = await createIssue(f.town, 'web', { title: 'Hard problem' });
    const esc = await f.tickUntil(
      'the exhausted escalation',
      () => f.events('daemon.escalate').find((e) => e.data?.about === 'exhausted'),
      60_000,
    );
    expect(esc.message).toContain('exhausted after 2 attempt(s)');
    const attempts = readAttempts(f.town.rigPaths('web'), issue.id);
    expect(attempts.map((a) => a.verdict)).toEqual(['escalate', 'escalate']);
    expect(getIssue(f.town, issue.id).labels).toContain('escalated');
    // Nothing more is spawned afterwards.
    for (let i = 0; i < 5; i++) await f.daemon.tick();
    expect(f.events('polecat.spawned')).toHaveLength(2);
    expect(f.events('daemon.escalate').filter((e) => e.data?.about === 'exhausted')).toHaveLength(1);
  });

  it('a verifier refusing a change rejects its merge request and escalates before the tests run', async () => {
    fx = await daemonTown({
      agents: AGENTS,
      chains: { ...CHAINS, verifier: { command: ['test', '!', '-e', 'BROKEN'], timeout: '30s' } },
    });
    const f = fx;
    enableDispatch(f, 'echo tests ran; test ! -e BROKEN');
    const issue = await createIssue(f.town, 'web', { title: 'Verified feature' });
    const paths = f.town.rigPaths('web');
    const attempts = await f.tickUntil(
      'the second tier to be accepted',
      () => {
        const a = readAttempts(paths, issue.id);
        return a.length === 2 && a[1]!.verdict === 'accept' ? a : undefined;
      },
      60_000,
    );
    expect(attempts[0]).toMatchObject({
      verdict: 'escalate',
      feedback: expect.stringContaining('The verifier (test ! -e BROKEN) refused'),
    });
    const mrs = [...f.town.rigBeads('web').all().values()].filter((b) => b.issue_type === 'merge-request');
    const first = mrs.find((m) => m.mr!.branch === `polecat/${attempts[0]!.polecat}`)!;
    // Rejected by the verifier: the merge queue never tested it.
    expect(first.mr!.state).toBe('rejected');
    expect(first.mr!.history.map((h) => h.state)).not.toContain('testing');
    expect(f.events('daemon.verify').map((e) => e.message)).toEqual([
      expect.stringContaining('verifier refused'),
      expect.stringContaining('verifier accepted'),
    ]);
  });
});
