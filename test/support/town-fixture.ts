import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createIssue } from '../../src/town/issues.js';
import { resolvePolecat } from '../../src/polecats/resolve.js';
import { stopPolecat } from '../../src/polecats/session-ops.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import type { Town } from '../../src/town/town.js';
import { Tmux } from '../../src/runtime/tmux.js';
import { townWithRig } from './town.js';
import { local } from './runner.js';
import { killTownProcesses } from './town-processes.js';

/**
 * A real town for polecat tests (the shared `townWithRig`: a bare origin with
 * README.md and CONFLICT.txt, rig `web` with test command `test ! -e BROKEN`)
 * plus a throwaway tmux socket, set in OVERSEER_TMUX_SOCKET so every spawn in
 * this process uses it. The scripted agent runs fast (OVERSEER_SCRIPTED_STEP_MS).
 */
export type TownFixture = {
  dir: string;
  town: Town;
  rig: string;
  origin: string;
  socket: string;
  tmux: Tmux;
  cleanup: () => Promise<void>;
};

export function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
    },
  });
}

export async function makeTown(
  opts: { maxWorkers?: number; files?: Record<string, string> } = {},
): Promise<TownFixture> {
  const { town, base, origin } = await townWithRig({
    files: { 'README.md': '# demo\n', 'CONFLICT.txt': 'original line 1\nline 2\n', ...opts.files },
    testCommand: 'test ! -e BROKEN',
    maxWorkers: opts.maxWorkers ?? 4,
  });
  const socket = `ov-test-${process.pid}-${Math.random().toString(16).slice(2, 8)}`;
  process.env.OVERSEER_TMUX_SOCKET = socket;
  process.env.OVERSEER_SCRIPTED_STEP_MS ??= '40';
  const tmux = new Tmux({ socket, runner: local });
  return {
    dir: base,
    town,
    rig: 'web',
    origin,
    socket,
    tmux,
    cleanup: async () => {
      await tmux.killServer().catch(() => undefined);
      // An agent between SIGHUP and exit may still write its state file while
      // the temp dir is removed: end whatever of the town is left, and wait.
      for (let i = 0; i < 40 && killTownProcesses(town.root).length; i++)
        await new Promise((r) => setTimeout(r, 50));
      delete process.env.OVERSEER_TMUX_SOCKET;
    },
  };
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A polecat whose agent does nothing (stall), stopped, so the test drives its worktree. */
export async function quietPolecat(f: TownFixture, title = 'Manual work') {
  const issue = await createIssue(f.town, f.rig, { title, labels: ['stall'] });
  const r = await spawnPolecat(f.town, { issue: issue.id, agent: 'scripted', tmux: f.tmux });
  await stopPolecat(resolvePolecat(f.town, r.polecat.name), { tmux: f.tmux, force: true });
  return { issue, ...r };
}

export function commit(worktree: string, file: string, text: string, msg: string) {
  writeFileSync(join(worktree, file), text);
  git(worktree, ['add', '-A']);
  git(worktree, ['commit', '--quiet', '-m', msg]);
}
