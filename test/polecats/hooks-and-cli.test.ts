import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { refreshPolecatStates } from '../../src/agents/state/refresh.js';
import { overseerBin } from '../../src/core/package-root.js';
import { createIssue } from '../../src/town/issues.js';
import { readPolecat } from '../../src/town/polecat-state.js';
import { git, makeTown, waitFor, type TownFixture } from '../support/town-fixture.js';

let fx: TownFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

function cli(f: TownFixture, args: string[], opts: { cwd?: string; input?: string } = {}) {
  return execFileSync(process.execPath, [overseerBin(), '--town', f.town.root, ...args], {
    cwd: opts.cwd ?? f.dir,
    input: opts.input,
    encoding: 'utf8',
    env: { ...process.env, OVERSEER_TMUX_SOCKET: f.socket },
  });
}

describe('claude preset hooks', () => {
  it('installs Claude Code hooks that report state through `overseer signal`, outside git status', async () => {
    fx = await makeTown();
    // A stand-in "claude" that stays up: same preset, hooks included, without the real binary.
    mkdirSync(join(fx.town.root, 'config'), { recursive: true });
    writeFileSync(
      join(fx.town.root, 'config', 'agents.yaml'),
      "version: 1\npresets:\n  claude:\n    command: ['{node}', '-e', 'setInterval(() => {}, 1000)', '{prompt}']\n    hooks: claude\n",
    );
    const issue = await createIssue(fx.town, fx.rig, { title: 'Hooked' });
    cli(fx, ['spawn', issue.id, '--agent', 'claude']);
    const worktree = join(fx.town.root, 'web', 'polecats', 'furiosa');
    const settings = JSON.parse(readFileSync(join(worktree, '.claude', 'settings.local.json'), 'utf8'));
    expect(Object.keys(settings.hooks).sort()).toEqual([
      'Notification',
      'SessionStart',
      'Stop',
      'UserPromptSubmit',
    ]);
    expect(git(worktree, ['status', '--porcelain'])).toBe('');

    // Run the Notification hook the way Claude Code does: its command through sh, JSON on stdin.
    const hook = settings.hooks.Notification[0].hooks[0].command as string;
    execFileSync('sh', ['-c', hook], {
      cwd: worktree,
      input: JSON.stringify({
        hook_event_name: 'Notification',
        message: 'Claude needs your permission to use Bash',
      }),
      env: { ...process.env, OVERSEER_TOWN: fx.town.root },
    });
    let p = readPolecat(fx.town.rigPaths('web'), 'furiosa')!;
    expect(p.state).toBe('waiting');
    expect(p.state_source).toBe('hook');
    expect(p.state_reason).toMatch(/^hook Notification \d\d:\d\d: Claude needs your permission to use Bash$/);
    // A refresh keeps the hook's word (no output since).
    await refreshPolecatStates(fx.town, 'web', { tmux: fx.tmux });
    expect(readPolecat(fx.town.rigPaths('web'), 'furiosa')?.state_reason).toBe(p.state_reason);

    execFileSync('sh', ['-c', settings.hooks.UserPromptSubmit[0].hooks[0].command], {
      cwd: worktree,
      env: { ...process.env },
    });
    p = readPolecat(fx.town.rigPaths('web'), 'furiosa')!;
    expect(p).toMatchObject({ state: 'working', state_source: 'hook' });
  });
});

describe('CLI', () => {
  it('spawn, peek, nudge, polecat list, stop and signal errors', async () => {
    fx = await makeTown();
    const issue = await createIssue(fx.town, fx.rig, { title: 'Ask me', labels: ['ask'] });
    expect(cli(fx, ['spawn', issue.id, '--agent', 'scripted', '--name', 'toast'])).toMatch(
      /spawned web\/toast \(scripted\)/,
    );
    await waitFor('question', () =>
      cli(fx!, ['peek', 'toast', '--lines', '5']).includes('Do you want to proceed?') ? true : undefined,
    );
    const peek = cli(fx, ['peek', 'web/toast']);
    expect(peek).not.toMatch(/\x1b/);
    const list = cli(fx, ['polecat', 'list']);
    expect(list).toMatch(
      /web\/toast\s+local\s+web-\w+\s+scripted\s+waiting\s+\S+(?:\s+\S+){4}\s+pattern "Do you want to proceed\? \(y\/n\)"/,
    );
    expect(cli(fx, ['nudge', 'toast', 'yes', 'please'])).toMatch(/^delivered to web\/toast/);
    await waitFor('done', () =>
      readPolecat(fx!.town.rigPaths('web'), 'toast')?.state === 'done' ? true : undefined,
    );
    const json = JSON.parse(cli(fx, ['--json', 'polecat', 'list']));
    expect(json[0]).toMatchObject({ name: 'toast', state: 'done', state_source: 'lifecycle' });
    expect(cli(fx, ['stop', 'toast'])).toMatch(/stopped web\/toast; worktree .* kept/);
    expect(() => cli(fx!, ['peek', 'nobody'])).toThrow(
      /no polecat "nobody"; polecats in this town: web\/toast/,
    );
    expect(() =>
      cli(fx!, ['signal', 'sleeping'], { cwd: join(fx!.town.root, 'web', 'polecats', 'toast') }),
    ).toThrow(/invalid state "sleeping"/);
  });
});
