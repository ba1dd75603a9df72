import { execa } from 'execa';

/** Run the chain's verifier command (argv, no shell) in a worktree. */
export async function runVerifier(
  command: string[],
  cwd: string,
  timeoutMs: number,
): Promise<{ ok: boolean; exitCode?: number; signal?: string; output: string }> {
  const [bin, ...args] = command;
  const r = await execa(bin!, args, {
    cwd,
    reject: false,
    all: true,
    timeout: timeoutMs,
    stdin: 'ignore',
    env: { CI: '1' },
  });
  return {
    ok: !r.failed,
    ...(r.exitCode !== undefined ? { exitCode: r.exitCode } : {}),
    ...(r.signal ? { signal: r.signal } : {}),
    output: (r.all ?? '').toString(),
  };
}
