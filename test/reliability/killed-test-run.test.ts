import { execa } from 'execa';
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { currentOf, readRefineryState } from '../../src/refinery/state.js';
import { isMergeRequest, type MergeRequest } from '../../src/town/merge-requests.js';
import { OVERSEER_BIN } from '../support/cli.js';
import { makeFixture, waitFor, type Fixture } from '../support/refinery-fixture.js';

/**
 * Defect 6 (killed test run) of issue 17: when the refinery's test command
 * was killed by a signal (exit 137 / SIGKILL, e.g. its group killed from
 * outside), the merge request became `failed` for good. A killed run is no
 * verdict on the code: the request goes back to the queue, up to a cap.
 */

let fx: Fixture | undefined;
afterEach(() => {
  fx?.cleanup();
  fx = undefined;
});

const mrOf = (f: Fixture, id: string) => f.town.rigBeads('web').get(id) as MergeRequest;

describe('a test run killed by a signal', () => {
  it('puts the request back in the queue, and the next run lands it', async () => {
    fx = await makeFixture();
    const f = fx;
    // The first run sleeps (and is killed); later runs pass at once.
    const pass = `${f.root}/pass`;
    f.configure({ test_command: `test -e ${pass} || sleep 30` });
    f.polecat('nux', { 'n.txt': 'n\n' });
    const { mr } = await f.submit('nux');
    const refinery = execa(
      'node',
      [OVERSEER_BIN, '--town', f.town.root, 'refinery', 'process', 'web', '--once'],
      {
        reject: false,
      },
    );
    const paths = f.town.rigPaths('web');
    await waitFor(() => currentOf(readRefineryState(paths))?.test_pgid !== undefined, 20_000);
    const pgid = currentOf(readRefineryState(paths))!.test_pgid!;
    process.kill(-pgid, 'SIGKILL'); // the run's whole process group, as an OOM killer or an operator would
    const r = await refinery;
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const after = mrOf(f, mr.id);
    expect(after.mr.state).toBe('queued');
    expect(after.mr.history.at(-1)!.reason).toMatch(/killed by SIGKILL.*requeued \(1 of 3\)/);
    expect(f.originLog()).not.toContain(expect.stringContaining('polecat/nux'));

    // Not killed this time: it lands.
    writeFileSync(pass, '');
    const again = await execa('node', [OVERSEER_BIN, '--town', f.town.root, 'refinery', 'process', 'web'], {
      reject: false,
    });
    expect(again.exitCode, String(again.stderr)).toBe(0);
    expect(mrOf(f, mr.id).mr.state).toBe('merged');
  });

  it('killed every time: requeued up to the cap, then failed saying why', async () => {
    fx = await makeFixture();
    const f = fx;
    f.configure({ test_command: 'kill -9 $$' });
    f.polecat('nux', { 'n.txt': 'n\n' });
    const { mr } = await f.submit('nux');
    const r = await execa('node', [OVERSEER_BIN, '--town', f.town.root, 'refinery', 'process', 'web'], {
      reject: false,
    });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const after = mrOf(f, mr.id);
    expect(after.mr.state).toBe('failed');
    const reasons = after.mr.history.map((h) => `${h.state}: ${h.reason}`);
    expect(reasons.filter((x) => /^queued: .*killed by SIGKILL/.test(x))).toHaveLength(2);
    expect(reasons.at(-1)).toMatch(/^failed: .*killed by SIGKILL 3 times/);
    expect([...f.town.rigBeads('web').all().values()].filter(isMergeRequest)).toHaveLength(1);
  });
});
