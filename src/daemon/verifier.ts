import type { Runner } from '../runtime/runner.js';

/** Run the chain's verifier command (argv, no shell) in a worktree. */
export async function runVerifier(
  runner: Runner,
  command: string[],
  cwd: string,
  timeoutMs: number,
): Promise<{ ok: boolean; exitCode?: number; signal?: string; output: string }> {
  const [bin, ...args] = command;
  const r = await runner.run(bin!, args, { cwd, timeoutMs, env: { CI: '1' } });
  return {
    ok: r.code === 0 && !r.timedOut,
    ...(r.code >= 0 ? { exitCode: r.code } : {}),
    ...(r.signal ? { signal: r.signal } : {}),
    output: r.all,
  };
}
