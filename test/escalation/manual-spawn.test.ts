import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { readAttempts } from '../../src/escalation/attempts.js';
import { createIssue } from '../../src/town/issues.js';
import { readPolecat, readPolecats } from '../../src/town/polecat-state.js';
import { ov } from '../support/cli.js';
import { daemonTown, type DaemonFixture } from '../support/daemon-town.js';

let fx: DaemonFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

const CHAINS = {
  version: 1,
  tiers: {
    small: { preset: 'scripted', model: 'small-1' },
    big: { preset: 'scripted', model: 'big-1' },
  },
  chains: { ladder: ['small', 'big'] },
  routes: [{ labels: ['ladder'], chain: 'ladder' }],
};

function spawnCli(f: DaemonFixture, args: string[]) {
  return ov(['--town', f.town.root, 'spawn', ...args], {
    env: { OVERSEER_TMUX_SOCKET: f.socket, OVERSEER_SCRIPTED_STEP_MS: '40' },
  });
}

describe('overseer spawn and escalation chains', () => {
  it('without --agent starts tier 0 of the issue chain as an attempt, and the daemon escalates it', async () => {
    fx = await daemonTown({ chains: CHAINS });
    const f = fx;
    const paths = f.town.rigPaths('web');
    const issue = await createIssue(f.town, 'web', { title: 'Crashes', labels: ['ladder', 'crash'] });

    const r = await spawnCli(f, [issue.id]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('chain    ladder: tier 1 of 2 (small), attempt 1');
    const [first] = readAttempts(paths, issue.id);
    expect(first).toMatchObject({
      attempt: 1,
      tier: 0,
      tier_name: 'small',
      preset: 'scripted',
      model: 'small-1',
      chain: 'ladder',
      spawned: true,
    });
    const p = readPolecat(paths, first!.polecat!)!;
    expect(p).toMatchObject({ tier: 0, agent: 'scripted', model: 'small-1', issue: issue.id });

    // The agent crashes; the daemon ends attempt 1 and starts tier 1 with the feedback.
    const attempts = await f.tickUntil(
      'tier 1 to start',
      () => {
        const a = readAttempts(paths, issue.id);
        return a.length === 2 && readPolecats(paths).polecats.some((x) => x.name === a[1]!.polecat)
          ? a
          : undefined;
      },
      40_000,
    );
    expect(attempts[0]).toMatchObject({ verdict: 'error' });
    expect(attempts[1]).toMatchObject({
      attempt: 2,
      tier: 1,
      tier_name: 'big',
      model: 'big-1',
      chain: 'ladder',
    });
    expect(readPolecat(paths, attempts[1]!.polecat!)).toMatchObject({ tier: 1, model: 'big-1' });
    // Recorded by spawn itself: the daemon had nothing to adopt.
    expect(f.events('daemon.start-attempt')).toEqual([]);
  });

  it('with no route and no default_chain: the rig default_agent, no tier, no attempt, and says so', async () => {
    fx = await daemonTown({ chains: CHAINS });
    const f = fx;
    const issue = await createIssue(f.town, 'web', { title: 'Plain', labels: ['stall'] });
    const r = await spawnCli(f, [issue.id]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/chain {4}none: no route in .*chains\.yaml matches .* no default_chain/);
    expect(r.stdout).toContain("the rig's default_agent scripted runs without escalation");
    const [p] = readPolecats(f.town.rigPaths('web')).polecats;
    expect(p!.tier).toBeUndefined();
    await f.daemon.tick();
    expect(readAttempts(f.town.rigPaths('web'), issue.id)).toEqual([]);
  });

  it('--agent pins the preset: no tier, no attempt, even when a chain routes the issue', async () => {
    fx = await daemonTown({ chains: CHAINS });
    const f = fx;
    const issue = await createIssue(f.town, 'web', { title: 'Pinned', labels: ['ladder', 'stall'] });
    const r = await spawnCli(f, [issue.id, '--agent', 'scripted']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('--agent scripted pins this preset; no escalation');
    const [p] = readPolecats(f.town.rigPaths('web')).polecats;
    expect(p!.tier).toBeUndefined();
    await f.daemon.tick();
    expect(readAttempts(f.town.rigPaths('web'), issue.id)).toEqual([]);
  });

  it('refusals leave nothing on disk: --model against a chain (usage), no free worker slot', async () => {
    fx = await daemonTown({ chains: CHAINS, maxWorkers: 1 });
    const f = fx;
    const paths = f.town.rigPaths('web');
    const issue = await createIssue(f.town, 'web', { title: 'Chained', labels: ['ladder', 'stall'] });
    const bad = await spawnCli(f, [issue.id, '--model', 'other']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--model "other": .* chain ladder, whose tier small sets the model/);

    const other = await createIssue(f.town, 'web', { title: 'Holds the slot', labels: ['stall'] });
    expect((await spawnCli(f, [other.id])).exitCode).toBe(0);
    const full = await spawnCli(f, [issue.id]);
    expect(full.exitCode).toBe(1);
    expect(full.stderr).toContain('max_workers 1');

    expect(readAttempts(paths, issue.id)).toEqual([]);
    expect(existsSync(paths.attempts(issue.id))).toBe(false);
    expect(readPolecats(paths).polecats.map((p) => p.issue)).toEqual([other.id]);
  });
});
