import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { OverseerError } from '../core/errors.js';
import { packageRoot } from '../core/package-root.js';

export type StandinProcess = { pid: number; url: string; log: string };

/**
 * Start the model stand-in (dist/standin.js) in the background, in its own
 * session, on a free port of 127.0.0.1: scripts from `scriptsDir`, output to
 * `<dir>/standin.log`. Resolves once it listens.
 */
export async function startStandinProcess(
  dir: string,
  scriptsDir: string,
  pace: { thinkMs?: number; chunkMs?: number } = {},
): Promise<StandinProcess> {
  mkdirSync(dir, { recursive: true });
  mkdirSync(scriptsDir, { recursive: true });
  const ready = join(dir, 'standin.json');
  const log = join(dir, 'standin.log');
  rmSync(ready, { force: true });
  const fd = openSync(log, 'a');
  const script = join(packageRoot(), 'dist', 'standin.js');
  const args = [script, '--scripts', scriptsDir, '--ready-file', ready];
  if (pace.thinkMs !== undefined) args.push('--think-ms', String(pace.thinkMs));
  if (pace.chunkMs !== undefined) args.push('--chunk-ms', String(pace.chunkMs));
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', fd, fd],
    cwd: dir,
  });
  closeSync(fd);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  child.unref();
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && exited === undefined) {
    try {
      const r = JSON.parse(readFileSync(ready, 'utf8')) as { pid: number; url: string };
      return { pid: r.pid, url: r.url, log };
    } catch {
      await new Promise((res) => setTimeout(res, 50));
    }
  }
  if (exited === undefined) child.kill();
  throw new OverseerError('standin-start', `the model stand-in did not start; see ${log}`);
}
