import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@t',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@t',
};

export function gitIn(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    env: ENV,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/**
 * A real project with one commit on `main`, and a bare clone of it to serve
 * as the rig's origin (so the refinery can push). Returns the bare path.
 */
export function makeOrigin(
  parent: string,
  files: Record<string, string> = { 'README.md': '# demo\n' },
  name = 'project',
  message = 'initial commit',
): { bare: string; work: string } {
  const work = join(parent, `${name}-src`);
  mkdirSync(work, { recursive: true });
  gitIn(work, 'init', '-q', '-b', 'main');
  for (const [f, content] of Object.entries(files)) {
    mkdirSync(dirname(join(work, f)), { recursive: true });
    writeFileSync(join(work, f), content);
  }
  gitIn(work, 'add', '-A');
  gitIn(work, 'commit', '-q', '-m', message);
  const bare = join(parent, `${name}.git`);
  gitIn(parent, 'clone', '-q', '--bare', work, bare);
  return { bare, work };
}
