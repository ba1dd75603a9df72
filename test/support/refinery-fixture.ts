import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeJsonAtomicSync } from '../../src/core/json-file.js';
import { gitEnv } from '../../src/runtime/git.js';
import { makeOrigin } from './git.js';
import { installTown } from '../../src/town/install.js';
import { createIssue } from '../../src/town/issues.js';
import { createMergeRequest, type MergeRequest } from '../../src/town/merge-requests.js';
import { addRig } from '../../src/town/rigs.js';
import type { RigConfig } from '../../src/town/schemas/rig.js';
import type { Town } from '../../src/town/town.js';
import { rigGit } from '../../src/runtime/git.js';
import { LocalRunner } from '../../src/runtime/local-runner.js';

/**
 * A real town for refinery tests: a bare repository as origin, a rig cloned
 * from it, polecat worktrees made with git directly (no agents), and a
 * throwaway tmux socket.
 */

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    env: gitEnv(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

export type Fixture = {
  root: string;
  town: Town;
  rig: string;
  origin: string;
  socket: string;
  configure(patch: Partial<RigConfig>): void;
  polecat(
    name: string,
    files: Record<string, string>,
    opts?: { message?: string; worktree?: boolean },
  ): string;
  submit(name: string, title?: string): Promise<{ mr: MergeRequest; issue: string }>;
  originLog(): string[];
  originMain(): string;
  cleanup(): void;
};

export async function makeFixture(files: Record<string, string> = {}): Promise<Fixture> {
  const root = mkdtempSync(join(tmpdir(), 'ov-refinery-'));
  const socket = `ov-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  process.env.OVERSEER_TMUX_SOCKET = socket;
  const initial = {
    'README.md': '# project\n',
    'a.txt': 'alpha\n',
    'b.txt': 'beta\n',
    'shared.txt': 'line one\nline two\n',
    ...files,
  };
  const origin = makeOrigin(root, initial, 'origin', 'initial').bare;
  const town = installTown({ dir: join(root, 'town'), name: 'test' });
  await addRig(town, { name: 'web', source: origin, prefix: 'web' }, rigGit(new LocalRunner()));
  const rig = 'web';
  const paths = town.rigPaths(rig);
  const issues = new Map<string, string>();

  const fx: Fixture = {
    root,
    town,
    rig,
    origin,
    socket,
    configure(patch) {
      const cfg = JSON.parse(readFileSync(paths.config, 'utf8'));
      writeJsonAtomicSync(paths.config, { ...cfg, ...patch });
    },
    polecat(name, changes, opts = {}) {
      const branch = `polecat/${name}`;
      const wt = paths.worktree(name);
      const canonical = paths.canonicalClone;
      let dir = wt;
      if (opts.worktree === false) {
        git(canonical, 'branch', branch, 'main');
        dir = join(root, `scratch-${name}`);
        git(canonical, 'worktree', 'add', '-q', dir, branch);
      } else {
        git(canonical, 'worktree', 'add', '-q', '-b', branch, wt, 'main');
      }
      for (const [f, c] of Object.entries(changes)) {
        mkdirSync(join(dir, f, '..'), { recursive: true });
        writeFileSync(join(dir, f), c);
      }
      git(dir, 'add', '-A');
      git(dir, 'commit', '-qm', opts.message ?? `${name}: change ${Object.keys(changes).join(', ')}`);
      const tip = git(dir, 'rev-parse', 'HEAD');
      if (opts.worktree === false) {
        git(canonical, 'worktree', 'remove', '--force', dir);
      }
      return tip;
    },
    async submit(name, title) {
      let issue = issues.get(name);
      if (!issue) {
        issue = (await createIssue(town, rig, { title: title ?? `work of ${name}` })).id;
        issues.set(name, issue);
      }
      const mr = await createMergeRequest(town, {
        rig,
        branch: `polecat/${name}`,
        sourceIssue: issue,
        worker: name,
      });
      return { mr, issue };
    },
    originLog() {
      return git(origin, 'log', '--format=%s', 'main').split('\n');
    },
    originMain() {
      return git(origin, 'rev-parse', 'main');
    },
    cleanup() {
      try {
        execFileSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
      } catch {
        /* no server */
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
  return fx;
}

/** A real tmux session standing in for a live polecat (`sleep 600`). */
export function startSession(socket: string, name: string): void {
  execFileSync(
    'tmux',
    ['-L', socket, 'new-session', '-d', '-s', name, '-x', '200', '-y', '50', 'sleep 600'],
    {
      stdio: 'ignore',
    },
  );
}

export function capture(socket: string, name: string): string {
  return execFileSync('tmux', ['-L', socket, 'capture-pane', '-p', '-t', `=${name}:`], { encoding: 'utf8' });
}

export async function waitFor(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
