import { writeFileSync, renameSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startStandin } from './server.js';

/**
 * `node dist/standin.js [--port N] [--scripts DIR] [--ready-file F]`: the
 * model stand-in as a process (the demo's). Writes `{pid, port, url}` to the
 * ready file once it listens; stops on SIGTERM or SIGINT.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    scripts: { type: 'string' },
    'ready-file': { type: 'string' },
    'think-ms': { type: 'string' },
    'chunk-ms': { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
});

const num = (s: string | undefined) => (s === undefined ? undefined : Number(s));
const standin = await startStandin({
  port: Number(values.port),
  scriptsDir: values.scripts,
  thinkMs: num(values['think-ms']),
  chunkMs: num(values['chunk-ms']),
  log: values.quiet ? undefined : (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
});
const ready = values['ready-file'];
if (ready) {
  writeFileSync(
    `${ready}.tmp`,
    JSON.stringify({ pid: process.pid, port: standin.port, url: standin.url }) + '\n',
  );
  renameSync(`${ready}.tmp`, ready);
}
process.stdout.write(`model stand-in listening on ${standin.url}\n`);
const stop = () => void standin.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
