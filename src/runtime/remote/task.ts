import { createWriteStream, renameSync, writeFileSync } from 'node:fs';
import { execa } from 'execa';

/** One offload task in its tmux window: `sh -c LINE` in `cwd`, output to the window and the log, exit status to its file. */
export type TaskSpec = {
  name: string;
  line: string;
  cwd: string;
  log: string;
  status: string;
  env?: Record<string, string>;
};

export async function runTask(spec: TaskSpec): Promise<number> {
  writeFileSync(`${spec.status}.start`, `${Date.now()}\n`);
  const log = createWriteStream(spec.log, { flags: 'w' });
  process.stdout.write(`\x1b[1m▶ ${spec.name}\x1b[0m: ${spec.line}\n`);
  const child = execa('sh', ['-c', spec.line], {
    cwd: spec.cwd,
    env: spec.env,
    reject: false,
    stdin: 'ignore',
    buffer: false,
    all: true,
  });
  child.all?.on('data', (d: Buffer) => {
    process.stdout.write(d);
    log.write(d);
  });
  const r = await child;
  const code = typeof r.exitCode === 'number' ? r.exitCode : 128;
  await new Promise<void>((res) => log.end(res));
  writeFileSync(`${spec.status}.tmp`, `${code}\n`);
  renameSync(`${spec.status}.tmp`, spec.status);
  process.stdout.write(`\n\x1b[1m■ ${spec.name}\x1b[0m: exit ${code}\n`);
  return code;
}
