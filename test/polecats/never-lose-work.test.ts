import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { installClaudeHooks } from '../../src/agents/claude-hooks.js';
import { precious } from '../../src/polecats/ignored-files.js';
import { Tmux, type NewSessionOptions } from '../../src/runtime/tmux.js';
import { excludeInRepo } from '../../src/runtime/worktree.js';
import { createIssue } from '../../src/town/issues.js';
import { readPolecat, writePolecat } from '../../src/town/polecat-state.js';
import { removePolecat } from '../../src/polecats/remove.js';
import { resolvePolecat } from '../../src/polecats/resolve.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { commit, git, makeTown, quietPolecat, type TownFixture } from '../support/town-fixture.js';
import { local } from '../support/runner.js';

let fx: TownFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

const rm = (f: TownFixture) => removePolecat(resolvePolecat(f.town, 'furiosa'), { tmux: f.tmux });

describe('polecat rm checks the worktree HEAD, not only the branch', () => {
  it('refuses when commits were made on a detached HEAD, naming them', async () => {
    fx = await makeTown();
    const { worktree } = await quietPolecat(fx);
    git(worktree, ['checkout', '--quiet', '--detach']);
    commit(worktree, 'detached.txt', 'x\n', 'detached work');
    const sha = git(worktree, ['rev-parse', 'HEAD']).trim();
    await expect(rm(fx)).rejects.toThrow(
      new RegExp(
        `is detached at ${sha.slice(0, 10)}, not on polecat/furiosa[\\s\\S]*commit ${sha.slice(0, 10)} "detached work"`,
      ),
    );
    expect(existsSync(worktree)).toBe(true);
    expect(git(worktree, ['cat-file', '-t', sha]).trim()).toBe('commit');
    expect(readPolecat(fx.town.rigPaths('web'), 'furiosa')).toBeDefined();
  });

  it('refuses when another branch is checked out in the worktree', async () => {
    fx = await makeTown();
    const { worktree } = await quietPolecat(fx);
    git(worktree, ['checkout', '--quiet', '-b', 'side']);
    commit(worktree, 'side.txt', 'x\n', 'side work');
    await expect(rm(fx)).rejects.toThrow(/HEAD of .* is on side \(at \w+\), not on polecat\/furiosa/);
    expect(existsSync(join(worktree, 'side.txt'))).toBe(true);
  });

  it('refuses while a merge is in progress in the worktree', async () => {
    fx = await makeTown();
    const { worktree } = await quietPolecat(fx);
    git(worktree, ['checkout', '--quiet', '-b', 'other']);
    commit(worktree, 'CONFLICT.txt', 'other\n', 'other side');
    git(worktree, ['checkout', '--quiet', 'polecat/furiosa']);
    git(worktree, ['merge', '--quiet', '--no-ff', '--no-commit', 'other']);
    git(worktree, ['branch', '-D', 'other']); // the merged commit now lives only in MERGE_HEAD
    await expect(rm(fx)).rejects.toThrow(/a merge is in progress in /);
    expect(existsSync(worktree)).toBe(true);
  });
});

describe('polecat rm and the prompt file', () => {
  it('deletes only the prompt spawn wrote, never another path named in the state file', async () => {
    fx = await makeTown();
    const { polecat } = await quietPolecat(fx);
    const paths = fx.town.rigPaths('web');
    const ours = join(paths.runtimeDir, 'prompts', 'furiosa.md');
    expect(existsSync(ours)).toBe(true);
    const precious = join(fx.dir, 'precious.md');
    writeFileSync(precious, 'not overseer data\n');
    await writePolecat(paths, { ...readPolecat(paths, polecat.name)!, prompt_file: precious });
    await rm(fx);
    expect(existsSync(precious)).toBe(true);
    expect(existsSync(ours)).toBe(false);
    expect(readPolecat(paths, 'furiosa')).toBeUndefined();
  });
});

describe('polecat rm verifies again after ending the session', () => {
  it('keeps the worktree when the agent wrote something while its session was ending', async () => {
    fx = await makeTown();
    const issue = await createIssue(fx.town, 'web', { title: 'Live work', labels: ['stall'] });
    const { worktree, session } = await spawnPolecat(fx.town, {
      issue: issue.id,
      agent: 'scripted',
      tmux: fx.tmux,
    });
    /** The real tmux; the agent saves one last file as its session is killed. */
    class LastWordTmux extends Tmux {
      override async killSession(name: string): Promise<void> {
        writeFileSync(join(worktree, 'last-words.txt'), 'saved on the way out\n');
        await super.killSession(name);
      }
    }
    const tmux = new LastWordTmux({ socket: fx.socket, runner: local });
    await expect(removePolecat(resolvePolecat(fx.town, 'furiosa'), { tmux })).rejects.toThrow(
      /refusing to remove polecat web\/furiosa \(its worktree changed while its session was ending\); this would be lost:\n {2}uncommitted: \?\? last-words\.txt/,
    );
    expect(existsSync(join(worktree, 'last-words.txt'))).toBe(true);
    expect(readPolecat(fx.town.rigPaths('web'), 'furiosa')).toBeDefined();
    expect(await fx.tmux.hasSession(session)).toBe(false);
  });
});

describe("gitignored files count as work, except overseer's own and cache directories", () => {
  it.each([
    { ignored: ['.claude/settings.local.json'], kept: [] },
    {
      ignored: [
        'node_modules/',
        'web/node_modules/',
        'dist/',
        'build/',
        '.cache/',
        'a/__pycache__/',
        'target/',
      ],
      kept: [],
    },
    {
      ignored: ['.env', 'notes/todo.md', 'dist/keep.js', 'node_modules.txt', 'mydist/'],
      kept: ['.env', 'notes/todo.md', 'dist/keep.js', 'node_modules.txt', 'mydist/'],
    },
  ])('$ignored → $kept', ({ ignored, kept }) => {
    expect(precious(ignored)).toEqual(kept);
  });

  it('polecat rm refuses an ignored .env, listing it, and allows node_modules/ and the hook settings', async () => {
    fx = await makeTown();
    const { worktree } = await quietPolecat(fx);
    await installClaudeHooks(local.git(worktree), 'overseer');
    await excludeInRepo(local.git(worktree), 'node_modules/');
    await excludeInRepo(local.git(worktree), '.env');
    mkdirSync(join(worktree, 'node_modules', 'dep'), { recursive: true });
    writeFileSync(join(worktree, 'node_modules', 'dep', 'index.js'), '');
    writeFileSync(join(worktree, '.env'), 'API_KEY=precious\n');
    await expect(rm(fx)).rejects.toThrow(/this would be lost:\n {2}ignored by git, not committed: \.env$/);
    expect(existsSync(join(worktree, '.env'))).toBe(true);
    rmSync(join(worktree, '.env'));
    await rm(fx);
    expect(existsSync(worktree)).toBe(false);
  });
});

describe('a spawn that fails after its session started', () => {
  it('keeps a worktree the agent already wrote to, marking the polecat dead with the reason', async () => {
    fx = await makeTown();
    const issue = await createIssue(fx.town, 'web', { title: 'Fails late', labels: ['stall'] });
    /** The real tmux; the agent writes a file as soon as it starts. */
    class EagerAgentTmux extends Tmux {
      override async newSession(opts: NewSessionOptions): Promise<void> {
        await super.newSession(opts);
        writeFileSync(join(opts.cwd!, 'early-work.txt'), 'written by the agent\n');
      }
    }
    // The spawn's last step (its event) fails: the events log is a directory.
    rmSync(fx.town.paths.events, { force: true });
    mkdirSync(fx.town.paths.events);
    const tmux = new EagerAgentTmux({ socket: fx.socket, runner: local });
    await expect(spawnPolecat(fx.town, { issue: issue.id, agent: 'scripted', tmux })).rejects.toThrow();
    const worktree = fx.town.rigPaths('web').worktree('furiosa');
    expect(existsSync(join(worktree, 'early-work.txt'))).toBe(true);
    const state = readPolecat(fx.town.rigPaths('web'), 'furiosa');
    expect(state).toMatchObject({
      state: 'dead',
      state_reason: expect.stringMatching(
        /spawn failed after its session started .*uncommitted: \?\? early-work\.txt/,
      ),
    });
    expect(await fx.tmux.hasSession('ov-web-furiosa')).toBe(false);
  });
});

describe('verification when origin cannot be reached', () => {
  it('does not count a stale remote-tracking branch as pushed, and says origin was unreachable', async () => {
    fx = await makeTown();
    const { worktree } = await quietPolecat(fx);
    commit(worktree, 'pushed.txt', 'x\n', 'pushed once');
    git(worktree, ['push', '--quiet', 'origin', 'polecat/furiosa']); // leaves refs/remotes/origin/polecat/furiosa
    git(fx.origin, ['branch', '-D', 'polecat/furiosa']); // deleted upstream since
    git(worktree, ['remote', 'set-url', 'origin', join(fx.dir, 'gone.git')]); // and origin is unreachable
    await expect(rm(fx)).rejects.toThrow(
      /"pushed once" is not on main and not pushed \(origin could not be reached: only main counted/,
    );
    expect(existsSync(join(worktree, 'pushed.txt'))).toBe(true);
  });
});

describe('polecat rm trusts only the pieces spawn gives a polecat', () => {
  it.each([
    { field: 'branch', value: 'main' },
    { field: 'worktree', value: '/tmp/elsewhere' },
    { field: 'session', value: 'ov-web-mayor' },
  ])('refuses a state file whose $field is $value, naming file and field', async ({ field, value }) => {
    fx = await makeTown();
    const { worktree } = await quietPolecat(fx);
    const paths = fx.town.rigPaths('web');
    await writePolecat(paths, { ...readPolecat(paths, 'furiosa')!, [field]: value });
    await expect(rm(fx)).rejects.toThrow(
      `${paths.polecatState('furiosa')}: field ${field} is ${JSON.stringify(value)}, expected`,
    );
    expect(existsSync(worktree)).toBe(true);
    expect(git(worktree, ['rev-parse', '--verify', '--quiet', 'refs/heads/main']).trim()).not.toBe('');
    expect(readPolecat(paths, 'furiosa')).toBeDefined();
  });
});
