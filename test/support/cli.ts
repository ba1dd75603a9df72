import { execa } from 'execa';
import { fileURLToPath } from 'node:url';

export const OVERSEER_BIN = fileURLToPath(new URL('../../bin/overseer.js', import.meta.url));

export type CliResult = { exitCode: number; stdout: string; stderr: string };

/** Run the real `overseer` binary (the built bundle) as a separate process. */
export async function ov(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string | undefined>; prefix?: string[]; input?: string } = {},
): Promise<CliResult> {
  // `prefix`: a wrapper command (e.g. prlimit) the CLI runs under.
  const [cmd, ...rest] = [...(opts.prefix ?? []), 'node', OVERSEER_BIN, ...args];
  const r = await execa(cmd!, rest, {
    cwd: opts.cwd,
    env: { OVERSEER_TOWN: undefined, ...opts.env },
    reject: false,
    ...(opts.input === undefined ? { stdin: 'ignore' as const } : { input: opts.input }),
  });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** Run and parse --json output, failing loudly with stderr when it exits non-zero. */
export async function ovJson<T = unknown>(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<T> {
  const r = await ov([...args, '--json'], opts);
  if (r.exitCode !== 0) throw new Error(`overseer ${args.join(' ')} exited ${r.exitCode}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
