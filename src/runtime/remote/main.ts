import { readFileSync } from 'node:fs';
import { runGroup } from '../processes.js';
import { agentShim } from './agent-shim.js';
import { check } from './check.js';
import { offloadFiles, offloadStatus } from './offload.js';
import { replaceIfUnchanged } from '../locked-replace.js';
import { probe } from './probe.js';
import { procs } from './procs.js';
import { runTask } from './task.js';

/**
 * Overseer's helper on an outpost (dist/remote/ov-remote.js, copied there
 * over SSH): `agent ARGV…` is the `overseer` an agent runs; `task SPEC` runs
 * one offload task; the rest take a JSON request on stdin and print a JSON
 * answer: `probe` (the tick's one round trip), `procs`, `group`, `check`,
 * `offload` (one offload job's task statuses), `replace` (a config file
 * edited under its owner's lock).
 */
async function main(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'agent') return agentShim(rest, process.env);
  if (sub === 'task') return runTask(JSON.parse(readFileSync(rest[0]!, 'utf8')));
  const handlers: Record<string, (req: never) => Promise<unknown>> = {
    probe,
    procs,
    check,
    offload: offloadStatus,
    'offload-files': offloadFiles,
    replace: async (req: { file: string; expect?: string; text: string }) =>
      replaceIfUnchanged(req.file, req.expect, req.text),
    group: (req: {
      line: string;
      cwd: string;
      env?: Record<string, string>;
      timeoutMs: number;
      keepBytes?: number;
    }) => runGroup(req.line, req),
  };
  const handler = sub ? handlers[sub] : undefined;
  if (!handler) {
    process.stderr.write(`ov-remote: unknown command ${JSON.stringify(sub)}\n`);
    return 2;
  }
  const req = JSON.parse(readFileSync(0, 'utf8') || '{}') as never;
  process.stdout.write(JSON.stringify(await handler(req)));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`ov-remote: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
