import { describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { LocalRunner } from '../../src/runtime/local-runner.js';
import type { RunOptions } from '../../src/runtime/exec.js';
import { spawnRun } from '../../src/runtime/spawn-run.js';

const local = new LocalRunner();
const sh = (script: string, opts: RunOptions = {}) => ['sh', ['-c', script], opts] as const;

/** The light runner tmux goes through gives what the Runner's execa-based run gives, call for call. */
describe('spawnRun: the same results as the Runner', () => {
  it.each([
    ['output, final newline stripped', sh('printf "a\\nb\\n"')],
    [
      'stdout and stderr, interleaved in all',
      sh('echo out; sleep 0.05; echo err >&2; sleep 0.05; echo out2'),
    ],
    ['a non-zero exit', sh('echo no >&2; exit 3')],
    ['killed by a signal', sh('kill -TERM $$')],
    ['input on stdin', sh('tr a-z A-Z', { input: 'quiet\n' })],
    ['input a program does not read', sh('true', { input: 'x'.repeat(1 << 20) })],
    ['the environment, added to', sh('echo "$OV_T"', { env: { OV_T: 'set' } })],
    ['the environment, alone', sh('echo "${HOME:-none} $OV_T"', { env: { OV_T: 'only' }, extendEnv: false })],
    ['a working directory', sh('pwd', { cwd: tmpdir() })],
    ['a missing program', ['overseer-no-such-program', [], {}] as const],
  ])('%s', async (_, [bin, args, opts]) => {
    const a = await spawnRun(bin, args, opts);
    const b = await local.run(bin, args, opts);
    expect(a).toEqual(b);
  });

  it('a timeout ends the program and says so', async () => {
    const t0 = Date.now();
    const r = await spawnRun('sleep', ['5'], { timeoutMs: 100 });
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(r).toMatchObject({ code: -1, signal: 'SIGTERM', timedOut: true, missing: false });
  });
});
