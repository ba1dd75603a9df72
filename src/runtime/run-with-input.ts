import { execa } from 'execa';
import { sanitizeLine } from '../core/sanitize.js';

/**
 * Run a program from an argv array (never a shell) with `input` on stdin:
 * the notify command channel and notify-send. Output is not kept beyond a
 * sanitized tail for the log.
 */
export type InputRun = { ok: boolean; exitCode?: number; missing: boolean; detail: string };

export async function runWithInput(
  argv: readonly string[],
  input: string,
  opts: { timeoutMs: number; cwd?: string; env?: NodeJS.ProcessEnv },
): Promise<InputRun> {
  const [file, ...args] = argv;
  if (!file) return { ok: false, missing: true, detail: 'empty command' };
  const r = await execa(file, args, {
    input,
    shell: false,
    reject: false,
    timeout: opts.timeoutMs,
    cwd: opts.cwd,
    env: opts.env,
    stdout: 'pipe',
    stderr: 'pipe',
    maxBuffer: 256 * 1024,
  });
  if (r.code === 'ENOENT' || r.code === 'EACCES')
    return {
      ok: false,
      missing: true,
      detail: `${file}: ${r.code === 'ENOENT' ? 'not found' : 'not executable'}`,
    };
  if (r.timedOut) return { ok: false, missing: false, detail: `timed out after ${opts.timeoutMs} ms` };
  const tail = sanitizeLine(
    String(r.stderr || r.stdout)
      .split('\n')
      .slice(-3)
      .join(' '),
    200,
  );
  if (r.exitCode === 0) return { ok: true, exitCode: 0, missing: false, detail: 'exit 0' };
  return {
    ok: false,
    ...(r.exitCode !== undefined ? { exitCode: r.exitCode } : {}),
    missing: false,
    detail: `exit ${r.exitCode ?? r.signal ?? '?'}${tail ? `: ${tail}` : ''}`,
  };
}
