import { existsSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { LocalRunner } from '../local-runner.js';

export type CheckRequest = { dir: string; programs: string[] };
export type CheckAnswer = {
  versions: Record<string, string | null>;
  programs: Record<string, string | null>;
  freeBytes: number | null;
  dirWritable: boolean;
};

/** What an outpost has: git, tmux and node versions, where the asked programs are, free disk at `dir`. */
export async function check(req: CheckRequest): Promise<CheckAnswer> {
  const r = new LocalRunner();
  const first = async (bin: string, args: string[]) => {
    const out = await r.run(bin, args, { timeoutMs: 10_000 });
    return out.code === 0 ? out.stdout.trim().split('\n')[0]! : null;
  };
  const versions = {
    git: await first('git', ['--version']),
    tmux: await first('tmux', ['-V']),
    node: process.version,
  };
  const programs: Record<string, string | null> = {};
  for (const p of req.programs) programs[p] = await first('sh', ['-c', 'command -v "$1"', 'sh', p]);
  let at = req.dir;
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  let freeBytes: number | null = null;
  try {
    const s = statfsSync(at);
    freeBytes = s.bavail * s.bsize;
  } catch {
    freeBytes = null;
  }
  const probe = await r.run('sh', ['-c', 'mkdir -p "$1" && test -w "$1"', 'sh', req.dir]);
  return { versions, programs, freeBytes, dirWritable: probe.code === 0 };
}
