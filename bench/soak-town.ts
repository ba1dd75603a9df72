import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { writeJsonAtomicSync } from '../src/core/json-file.js';
import { gitEnv, rigGit } from '../src/runtime/git.js';
import { installTown } from '../src/town/install.js';
import { isMergeRequest } from '../src/town/merge-requests.js';
import { readPolecats } from '../src/town/polecat-state.js';
import { addRig } from '../src/town/rigs.js';
import { Town } from '../src/town/town.js';
import { local } from '../test/support/runner.js';

/**
 * The soak's town and its bookkeeping: a real origin with a test command
 * that takes a moment (so test runs can be killed), one rig, a post-commit
 * hook in the canonical clone that writes every commit an agent makes to a
 * ledger outside the town, and the end-of-run accounting against it.
 */

export const RIG = 'soak';

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', args, { cwd: dir, env: gitEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

export async function buildSoakTown(
  root: string,
  maxWorkers: number,
): Promise<{ town: Town; ledger: string }> {
  const seed = join(root, 'seed');
  mkdirSync(join(seed, 'work'), { recursive: true });
  writeFileSync(join(seed, 'README.md'), '# soak\n');
  writeFileSync(join(seed, 'work', '.keep'), '');
  git(seed, 'init', '-q', '-b', 'main');
  git(seed, 'add', '-A');
  git(seed, 'commit', '-qm', 'initial');
  const origin = join(root, 'origin.git');
  git(root, 'clone', '-q', '--bare', seed, origin);
  const town = installTown({ dir: join(root, 'town'), name: 'soak' });
  await addRig(town, { name: RIG, source: origin, prefix: 'sk', maxWorkers }, rigGit(local));
  const paths = town.rigPaths(RIG);
  const cfg = JSON.parse(readFileSync(paths.config, 'utf8')) as Record<string, unknown>;
  // Long enough to be killed now and then; the agents never break the tests.
  writeJsonAtomicSync(paths.config, {
    ...cfg,
    test_command: 'sleep 0.7; test ! -e BROKEN',
    warm_worktrees: 0,
  });
  writeFileSync(
    town.paths.configFile('daemon.yaml'),
    stringify({
      version: 1,
      tick_interval: '300ms',
      witness: { stuck_after: '2m', max_respawns: 20, verify_cooldown: '1s' },
      gc: { interval: '5m' },
    }),
  );
  // Every commit made in any worktree of the canonical clone (hooks are shared): sha and branch.
  const ledger = join(root, 'commits.ledger');
  const hook = join(paths.canonicalClone, '.git', 'hooks', 'post-commit');
  writeFileSync(
    hook,
    `#!/bin/sh\necho "$(git rev-parse HEAD) $(git rev-parse --abbrev-ref HEAD)" >> '${ledger}'\n`,
  );
  chmodSync(hook, 0o755);
  return { town, ledger };
}

export type SoakCounts = {
  commitsMade: number;
  commitsLost: string[];
  duplicateLandings: string[];
  mrsLost: string[];
  stranded: string[];
  landed: number;
};

/** The end-of-run accounting (the daemon and agents stopped). */
export function account(town: Town, ledger: string, doneEvents: string[]): SoakCounts {
  const paths = town.rigPaths(RIG);
  const canonical = paths.canonicalClone;
  git(canonical, 'fetch', '-q', 'origin');
  const mainLog = git(canonical, 'log', '--format=%H %s', 'origin/main').trim().split('\n');
  const patchIds = new Set(
    git(canonical, 'log', '-p', '--format=commit %H', 'origin/main')
      .split(/^(?=commit )/m)
      .map((chunk) => patchId(canonical, chunk))
      .filter((x): x is string => x !== undefined),
  );
  const made = existsSync(ledger)
    ? readFileSync(ledger, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(' ')[0]!)
    : [];
  const lost: string[] = [];
  for (const sha of new Set(made)) {
    const show = tryGit(canonical, 'show', '--format=commit %H', sha);
    const id = show === undefined ? undefined : patchId(canonical, show);
    if (id !== undefined && patchIds.has(id)) continue;
    const holders = tryGit(canonical, 'for-each-ref', '--contains', sha, '--format=%(refname)')?.trim();
    if (holders) continue; // still on a branch: kept, not lost
    lost.push(sha);
  }
  // Each issue's commit message starts with its id: more than one on main is a duplicate landing.
  const perIssue = new Map<string, number>();
  for (const line of mainLog) {
    const m = /^\S+ (sk-[a-z0-9]+):/.exec(line);
    if (m) perIssue.set(m[1]!, (perIssue.get(m[1]!) ?? 0) + 1);
  }
  const duplicates = [...perIssue].filter(([, n]) => n > 1).map(([id, n]) => `${id} landed ${n} times`);
  const beads = town.rigBeads(RIG).all();
  const mrs = [...beads.values()].filter(isMergeRequest);
  const mrsLost = [
    ...doneEvents.filter((id) => !beads.has(id)).map((id) => `${id}: reported created, not in the log`),
    ...mrs.filter((m) => m.mr.state === 'testing').map((m) => `${m.id}: left in testing`),
  ];
  const polecats = readPolecats(paths).polecats;
  const stranded: string[] = [];
  for (const b of beads.values()) {
    if (b.issue_type !== 'task' || b.status === 'closed') continue;
    const p = polecats.find((x) => x.issue === b.id);
    stranded.push(`${b.id} ${b.status}${p ? ` (polecat ${p.name} ${p.state}: ${p.state_reason})` : ''}`);
  }
  return {
    commitsMade: new Set(made).size,
    commitsLost: lost,
    duplicateLandings: duplicates,
    mrsLost,
    stranded,
    landed: [...perIssue.keys()].length,
  };
}

function patchId(repo: string, patch: string): string | undefined {
  if (!/^diff --git/m.test(patch)) return undefined;
  const out = execFileSync('git', ['patch-id', '--stable'], { cwd: repo, input: patch, encoding: 'utf8' });
  return out.trim().split(' ')[0] || undefined;
}

function tryGit(dir: string, ...args: string[]): string | undefined {
  try {
    return git(dir, ...args);
  } catch {
    return undefined;
  }
}
