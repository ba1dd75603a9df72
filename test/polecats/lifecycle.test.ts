import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { refreshPolecatStates } from '../../src/agents/state/refresh.js';
import { createIssue, getIssue } from '../../src/town/issues.js';
import { inbox } from '../../src/town/mail.js';
import { listMergeRequests } from '../../src/town/merge-requests.js';
import { readPolecat } from '../../src/town/polecat-state.js';
import { resolvePolecat } from '../../src/polecats/resolve.js';
import { nudgePolecat, peekPolecat, stopPolecat } from '../../src/polecats/session-ops.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { git, makeTown, waitFor, type TownFixture } from '../support/town-fixture.js';

let fx: TownFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

async function stateOf(f: TownFixture, name: string) {
  await refreshPolecatStates(f.town, f.rig, { tmux: f.tmux });
  return readPolecat(f.town.rigPaths(f.rig), name);
}

describe('polecat lifecycle with the scripted agent (real git, real tmux)', () => {
  it('a succeed polecat goes from spawn to a merge request and state done on its own', async () => {
    fx = await makeTown();
    const issue = await createIssue(fx.town, fx.rig, { title: 'Add a greeting', description: 'Say hello.' });
    const r = await spawnPolecat(fx.town, { issue: issue.id, agent: 'scripted', tmux: fx.tmux });
    expect(r.polecat.name).toBe('furiosa');
    expect(r.session).toBe('ov-web-furiosa');
    expect(r.worktree).toBe(join(fx.town.root, 'web', 'polecats', 'furiosa'));
    expect(getIssue(fx.town, issue.id)).toMatchObject({
      status: 'in_progress',
      assignee: 'web/polecats/furiosa',
    });

    const done = await waitFor('state done', () => {
      const p = readPolecat(fx!.town.rigPaths('web'), 'furiosa');
      return p?.state === 'done' ? p : undefined;
    });
    expect(done.state_source).toBe('lifecycle');
    const mrs = listMergeRequests(fx.town, 'web');
    expect(mrs).toHaveLength(1);
    expect(mrs[0]!.mr).toMatchObject({
      state: 'queued',
      branch: 'polecat/furiosa',
      source_issue: issue.id,
      worker: 'web/polecats/furiosa',
    });
    expect(mrs[0]!.mr.head).toBe(git(r.worktree, ['rev-parse', 'HEAD']).trim());
    expect(done.state_reason).toBe(`done: merge request ${mrs[0]!.id} queued`);
    expect(git(r.worktree, ['log', '-1', '--format=%s']).trim()).toBe(`${issue.id}: Add a greeting`);
    expect(git(r.worktree, ['status', '--porcelain'])).toBe('');
    const mail = inbox(fx.town, 'web/witness');
    expect(mail.map((m) => m.title)).toEqual([`Done: furiosa finished ${issue.id}`]);
    // Refreshing from tmux keeps done; the agent shows its idle prompt.
    expect((await stateOf(fx, 'furiosa'))?.state).toBe('done');
    await waitFor('idle prompt', async () =>
      (await peekPolecat(resolvePolecat(fx!.town, 'furiosa'), { tmux: fx!.tmux })).includes('❯'),
    );
  });

  it('an ask polecat waits with the question as reason; a nudge answers it and it finishes', async () => {
    fx = await makeTown();
    const issue = await createIssue(fx.town, fx.rig, { title: 'Risky change', labels: ['behaviour:ask'] });
    await spawnPolecat(fx.town, { issue: issue.id, agent: 'scripted', tmux: fx.tmux });
    const waiting = await waitFor('state waiting', async () => {
      const p = await stateOf(fx!, 'furiosa');
      return p?.state === 'waiting' ? p : undefined;
    });
    expect(waiting.state_source).toBe('pattern');
    expect(waiting.state_reason).toBe('pattern "Do you want to proceed? (y/n)"');
    expect(listMergeRequests(fx.town, 'web')).toHaveLength(0);

    const res = await nudgePolecat(resolvePolecat(fx.town, 'furiosa'), 'y', { tmux: fx.tmux });
    expect(res.delivered).toBe(true);
    await waitFor('state done', () =>
      readPolecat(fx!.town.rigPaths('web'), 'furiosa')?.state === 'done' ? true : undefined,
    );
    expect(listMergeRequests(fx.town, 'web')).toHaveLength(1);
  });

  it('a nudge of 2,000 characters arrives whole', async () => {
    fx = await makeTown();
    const issue = await createIssue(fx.town, fx.rig, { title: 'Wait for input', labels: ['ask'] });
    const r = await spawnPolecat(fx.town, { issue: issue.id, agent: 'scripted', tmux: fx.tmux });
    await waitFor('question', async () => (await stateOf(fx!, 'furiosa'))?.state === 'waiting' || undefined);
    let text = '';
    for (let i = 0; text.length < 2000; i++) text += `word${i} `;
    text = 'yes ' + text.slice(0, 1996);
    expect(text).toHaveLength(2000);
    const res = await nudgePolecat(resolvePolecat(fx.town, 'furiosa'), text, { tmux: fx.tmux });
    expect(res.delivered).toBe(true);
    const received = await waitFor('received', () => {
      const f = `${r.polecat.prompt_file ?? readPolecat(fx!.town.rigPaths('web'), 'furiosa')!.prompt_file}.received`;
      return existsSync(f) ? readFileSync(f, 'utf8') : undefined;
    });
    expect(received).toBe(text + '\n');
  });

  it('killing the session of a working polecat shows dead with a reason; a crash shows its exit status', async () => {
    fx = await makeTown();
    const a = await createIssue(fx.town, fx.rig, { title: 'Think forever', labels: ['stall'] });
    const b = await createIssue(fx.town, fx.rig, { title: 'Fall over', labels: ['crash'] });
    const ra = await spawnPolecat(fx.town, { issue: a.id, agent: 'scripted', tmux: fx.tmux });
    await spawnPolecat(fx.town, { issue: b.id, agent: 'scripted', tmux: fx.tmux });
    await waitFor('working', async () => (await stateOf(fx!, 'furiosa'))?.state === 'working' || undefined);
    await fx.tmux.killSession(ra.session);
    const dead = await stateOf(fx, 'furiosa');
    expect(dead).toMatchObject({
      state: 'dead',
      state_source: 'daemon',
      state_reason: 'tmux session ov-web-furiosa is gone',
    });
    const crashed = await waitFor('crash', async () => {
      const p = await stateOf(fx!, 'nux');
      return p?.state === 'dead' && p.state_reason !== 'agent exited' ? p : undefined;
    });
    expect(crashed.state_reason).toBe('agent exited with status 3');
  });

  it('a stalled polecat turns stuck after stuck_after without output', async () => {
    fx = await makeTown();
    const a = await createIssue(fx.town, fx.rig, { title: 'Think forever', labels: ['stall'] });
    await spawnPolecat(fx.town, { issue: a.id, agent: 'scripted', tmux: fx.tmux });
    await waitFor('working', async () => (await stateOf(fx!, 'furiosa'))?.state === 'working' || undefined);
    await new Promise((r) => setTimeout(r, 1500));
    await refreshPolecatStates(fx.town, 'web', { tmux: fx.tmux, now: Date.now() + 16 * 60_000 });
    const p = readPolecat(fx.town.rigPaths('web'), 'furiosa');
    expect(p?.state).toBe('stuck');
    expect(p?.state_reason).toMatch(/^no output for 16m \(pattern "esc to interrupt"\)$/);
  });

  it('an issue title holding $(touch …) and escape sequences spawns safely', async () => {
    fx = await makeTown();
    const marker = join(fx.dir, 'pwned');
    rmSync('/tmp/pwned', { force: true });
    const title = `$(touch /tmp/pwned) \`touch ${marker}\`; touch ${marker} \x1b]0;evil title\x07\x1b[31mred\x1b[0m \x1b[2J`;
    const issue = await createIssue(fx.town, fx.rig, {
      title,
      description: `$(touch ${marker})\n\x1b]52;c;ZXZpbA==\x07`,
    });
    const r = await spawnPolecat(fx.town, { issue: issue.id, agent: 'scripted', tmux: fx.tmux });
    await waitFor('state done', () =>
      readPolecat(fx!.town.rigPaths('web'), 'furiosa')?.state === 'done' ? true : undefined,
    );
    expect(existsSync('/tmp/pwned')).toBe(false);
    expect(existsSync(marker)).toBe(false);
    const prompt = readFileSync(r.polecat.prompt_file!, 'utf8');
    expect(prompt).not.toMatch(/[\x1b\x07]/);
    expect(prompt).toContain('Title: $(touch /tmp/pwned)');
    const pane = await peekPolecat(resolvePolecat(fx.town, 'furiosa'), { tmux: fx.tmux });
    expect(pane).not.toMatch(/[\x1b\x07]/);
    expect(pane).toContain('$(touch /tmp/pwned)');
    // The commit message is the title as text.
    expect(git(r.worktree, ['log', '-1', '--format=%s'])).toContain('$(touch /tmp/pwned)');
  });

  it('refuses past max_workers with a clear message and leaves nothing behind', async () => {
    fx = await makeTown({ maxWorkers: 1 });
    const a = await createIssue(fx.town, fx.rig, { title: 'One', labels: ['stall'] });
    const b = await createIssue(fx.town, fx.rig, { title: 'Two' });
    await spawnPolecat(fx.town, { issue: a.id, agent: 'scripted', tmux: fx.tmux });
    await expect(spawnPolecat(fx.town, { issue: b.id, agent: 'scripted', tmux: fx.tmux })).rejects.toThrow(
      /rig web already runs 1 of max_workers 1: furiosa \(spawning|working\)/,
    );
    expect(existsSync(join(fx.town.root, 'web', 'polecats', 'nux'))).toBe(false);
    expect(getIssue(fx.town, b.id).status).toBe('open');
    // Stopping frees the slot.
    await stopPolecat(resolvePolecat(fx.town, 'furiosa'), { tmux: fx.tmux, force: true });
    const r = await spawnPolecat(fx.town, { issue: b.id, agent: 'scripted', tmux: fx.tmux });
    expect(r.polecat.name).toBe('nux');
  });
});
