import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installTown } from '../../src/town/install.js';
import { addRig } from '../../src/town/rigs.js';
import type { Town } from '../../src/town/town.js';
import { Tmux } from '../../src/runtime/tmux.js';
import { packageRoot } from '../../src/core/package-root.js';

/**
 * A real town for tests: a bare origin repo with a first commit, a town with
 * one rig cloned from it, and a throwaway tmux socket (set in
 * OVERSEER_TMUX_SOCKET so every spawn in this process uses it). The scripted
 * agent runs fast (OVERSEER_SCRIPTED_STEP_MS).
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
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
    },
  });
}

export function requireBuild(): void {
  for (const f of ['dist/cli.js', 'dist/scripted-agent.js']) {
    if (!existsSync(join(packageRoot(), f))) throw new Error(`${f} is missing: run \`npm run build\` first`);
  }
}

export async function makeTown(
  opts: { maxWorkers?: number; files?: Record<string, string> } = {},
): Promise<TownFixture> {
  requireBuild();
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'ov-agents-')));
  const seed = join(dir, 'seed');
  mkdirSync(seed);
  git(seed, ['init', '--quiet', '--initial-branch=main']);
  const files = { 'README.md': '# demo\n', 'CONFLICT.txt': 'original line 1\nline 2\n', ...opts.files };
  for (const [name, content] of Object.entries(files)) writeFileSync(join(seed, name), content);
  git(seed, ['add', '-A']);
  git(seed, ['commit', '--quiet', '-m', 'first']);
  const origin = join(dir, 'origin.git');
  git(dir, ['clone', '--quiet', '--bare', seed, origin]);
  const town = installTown({ dir: join(dir, 'town'), name: 'test' });
  await addRig(town, {
    name: 'web',
    source: origin,
    maxWorkers: opts.maxWorkers ?? 4,
    testCommand: 'test ! -e BROKEN',
  });
  const socket = `ov-test-${process.pid}-${Math.random().toString(16).slice(2, 8)}`;
  process.env.OVERSEER_TMUX_SOCKET = socket;
  process.env.OVERSEER_SCRIPTED_STEP_MS ??= '40';
  const tmux = new Tmux({ socket });
  return {
    dir,
    town,
    rig: 'web',
    origin,
    socket,
    tmux,
    cleanup: async () => {
      await tmux.killServer().catch(() => undefined);
      delete process.env.OVERSEER_TMUX_SOCKET;
      rmSync(dir, { recursive: true, force: true });
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
