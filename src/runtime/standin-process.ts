import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { OverseerError } from '../core/errors.js';
import { packageRoot } from '../core/package-root.js';
import type { LocalRunner } from './local-runner.js';

export type StandinProcess = { pid: number; url: string; log: string };

/**
 * Start the model stand-in (dist/standin.js) in the background, in its own
 * session, on a free port of 127.0.0.1: scripts from `scriptsDir`, output to
 * `<dir>/standin.log`. Resolves once it listens.
 */
export async function startStandinProcess(
  runner: LocalRunner,
  dir: string,
  scriptsDir: string,
  pace: { thinkMs?: number; chunkMs?: number } = {},
): Promise<StandinProcess> {
  mkdirSync(dir, { recursive: true });
  mkdirSync(scriptsDir, { recursive: true });
  const ready = join(dir, 'standin.json');
  const log = join(dir, 'standin.log');
  rmSync(ready, { force: true });
  const args = [join(packageRoot(), 'dist', 'standin.js'), '--scripts', scriptsDir, '--ready-file', ready];
  if (pace.thinkMs !== undefined) args.push('--think-ms', String(pace.thinkMs));
  if (pace.chunkMs !== undefined) args.push('--chunk-ms', String(pace.chunkMs));
  const child = runner.startDetached(process.execPath, args, { cwd: dir, logFile: log });
  child.release();
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && child.exited() === undefined) {
    try {
      const r = JSON.parse(readFileSync(ready, 'utf8')) as { pid: number; url: string };
      return { pid: r.pid, url: r.url, log };
    } catch {
      await new Promise((res) => setTimeout(res, 50));
    }
  }
  if (child.exited() === undefined) await runner.processes.signal(child.pid, 'SIGTERM');
  throw new OverseerError('standin-start', `the model stand-in did not start; see ${log}`);
}
