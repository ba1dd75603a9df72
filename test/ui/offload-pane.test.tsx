import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { jobFile, removeJob, writeJob } from '../../src/town/offload-jobs.js';
import type { OffloadJob } from '../../src/town/schemas/offload.js';
import { KEY } from '../support/ui/render.js';
import { townFixture, type Fixture } from '../support/ui/panes-fixture.js';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

function job(over: Partial<OffloadJob> = {}): OffloadJob {
  const now = new Date().toISOString();
  return {
    version: 1,
    id: 'web-ready-1234567890',
    rig: 'web',
    playbook: 'ready',
    outpost: 'gpu',
    target: { input: 'feat\x1b[31mX\x1b[0m', kind: 'ref', sha: 'a'.repeat(40) },
    branch: 'offload/web-ready-1234567890',
    dir: '/srv/ov/t-x/offload/web-ready-1234567890',
    worktree: '/srv/ov/t-x/offload/web-ready-1234567890/wt',
    session: 'ovo-web-ready-1234567890',
    socket: 'ov-test-offload',
    tasks: [
      { name: 'unit', run: 'npm test' },
      { name: 'smoke', run: 'make smoke' },
    ],
    created_at: now,
    last: {
      at: now,
      state: 'failed',
      tasks: [
        { name: 'unit', state: 'passed', code: 0, duration_ms: 4200 },
        { name: 'smoke', state: 'failed', code: 3, duration_ms: 800 },
      ],
    },
    ...over,
  };
}

describe('cockpit: offload jobs', () => {
  it('the Offload pane shows each job with per-task state; a bad record is an error, not a crash', async () => {
    fx = await townFixture();
    const f = fx;
    const rp = f.t.town.rigPaths('web');
    await f.ui.press('9'); // the preview; Tab goes on to the Offload pane
    await f.ui.press(KEY.tab);
    await f.see('no offload jobs: overseer offload TARGET PLAYBOOK');
    writeJob(rp, job());
    f.store.flush();
    const frame = await f.see(/Offload 1\/1/);
    expect(frame).toContain('unit ✓');
    expect(frame).toContain('smoke ✗3');
    expect(frame).toContain('failed');
    expect(frame).not.toContain('\x1b[31mX'); // the target's escape sequence is stripped
    await f.ui.press(KEY.enter);
    const detail = await f.see('offload web-ready-1234567890');
    expect(detail).toMatch(/smoke\s+failed \(exit 3\) 0\.8s/);
    await f.ui.press(KEY.escape);
    await f.ui.press('a'); // open: the job's session beside the cockpit
    await f.see('openOffload ok');
    expect(f.calls).toContainEqual(['openOffload', 'web-ready-1234567890']);

    // A running fix job, then a garbage record: the pane keeps the good one and the error is shown.
    writeJob(
      rp,
      job({ id: 'web-fix-1234567890', playbook: 'fix', fix: { max_rounds: 3, round: 1, state: 'running' } }),
    );
    f.store.flush();
    await f.see(/Offload \d\/2/);
    expect(f.ui.frame()).toContain('fixing');
    writeFileSync(jobFile(rp, 'web-fix-1234567890'), '{ not json');
    f.store.flush();
    await f.see(/web-fix-1234567890\.json/);
    expect(f.ui.frame()).toContain('Offload');
    removeJob(rp, 'web-fix-1234567890');
    removeJob(rp, 'web-ready-1234567890');
    f.store.flush();
    await f.see('no offload jobs');
  });
});
