import { afterEach, describe, expect, it } from 'vitest';
import { writeJsonAtomic } from '../../src/core/json-file.js';
import { writeOutpostStatus } from '../../src/town/outposts.js';
import { writePolecat } from '../../src/town/polecat-state.js';
import type { OutpostStatus } from '../../src/town/schemas/outpost.js';
import { polecat } from '../support/store.js';
import { KEY } from '../support/ui/render.js';
import { townFixture, type Fixture } from '../support/ui/panes-fixture.js';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const GiB = 1024 ** 3;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/** Two outposts as the daemon's tick left them: gpu answering with its figures, burst stale for 3 minutes. */
async function outposts(f: Fixture): Promise<void> {
  const born = ago(60_000);
  await writePolecat(
    f.t.town.rigPaths('web'),
    polecat('dan', { outpost: 'gpu', state: 'working', created_at: born }),
  );
  const gpu: OutpostStatus = {
    version: 1,
    name: 'gpu',
    reachable: true,
    last_ok_at: ago(1000),
    latency_ms: 35.4,
    failures: 0,
    slots_used: 1,
    max_workers: 4,
    host: {
      load1: 0.52,
      load5: 0.4,
      load15: 0.3,
      cpus: 8,
      mem_total_bytes: 32 * GiB,
      mem_avail_bytes: 20 * GiB,
      disk_free_bytes: 12 * GiB,
      disk_total_bytes: 100 * GiB,
    },
    polecats: { 'web/dan': { born, procs: 3, cpu_pct: 42.4, rss_bytes: 300 * 1024 * 1024 } },
    updated_at: ago(1000),
  };
  await writeOutpostStatus(f.t.town.paths, gpu);
  await writeOutpostStatus(f.t.town.paths, {
    version: 1,
    name: 'burst',
    reachable: false,
    stale_since: ago(180_000),
    error: 'outpost burst (10.0.0.9): connection timed out',
    failures: 3,
    slots_used: 0,
    max_workers: 2,
    updated_at: ago(1000),
  });
  // The store reads the outposts' status files with each heartbeat.
  await writeJsonAtomic(f.t.town.paths.daemonHeartbeat, { version: 1, pid: 1, ts: new Date().toISOString() });
  f.store.flush();
}

describe('cockpit: the outposts view', () => {
  it('lists each outpost: reachable or stale since, latency, slots, resources, its polecats; ping, check and shell are keys', async () => {
    fx = await townFixture({ cols: 120, rows: 30 });
    const f = fx;
    await outposts(f);
    await f.ui.press('9'); // preview, then Tab past the Offload pane: the eleventh pane
    await f.ui.press(KEY.tab);
    await f.ui.press(KEY.tab);
    const frame = await f.see(/Outposts \d\/2/);
    expect(frame).toMatch(/gpu\s+up\s+35ms\s+1\/4\s+42%\s+300M\s+0\.5\/8\s+12\.0G\s+web\/d/);
    expect(frame).toMatch(/burst\s+STALE 3m\s+-\s+0\/2/);

    // burst is unreachable (first, by name): no shell there; its detail names the last error.
    const before = f.calls.length;
    await f.ui.press('a');
    expect(f.calls.length).toBe(before);
    await f.ui.press(KEY.enter);
    await f.see(/last error: outpost burst \(10\.0\.0\.9\): connection timed out/);
    await f.ui.press(KEY.escape);

    // gpu: p pings it, c shows what it has and lacks, Enter its figures, a a shell there.
    await f.ui.press('j');
    await f.ui.press('p');
    await f.see('pingOutpost ok');
    expect(f.calls).toContainEqual(['pingOutpost', 'gpu']);
    await f.ui.press('c');
    const check = await f.see('outpost check gpu');
    expect(check).toMatch(/✗ agent CLI codex\s+not on PATH/);
    await f.ui.press(KEY.escape);
    await f.ui.press(KEY.enter);
    const detail = await f.see('outpost gpu: reachable');
    expect(detail).toMatch(/polecats\s+web\/dan/);
    expect(detail).toMatch(/their CPU 42%, memory 300M/);
    expect(detail).toMatch(/memory\s+20\.0G available of 32\.0G/);
    expect(detail).toMatch(/disk\s+12\.0G free of 100\.0G/);
    await f.ui.press(KEY.escape);
    await f.ui.press('a');
    await f.see('outpostShell ok');
    expect(f.calls).toContainEqual(['outpostShell', 'gpu']);
  });

  it('at 80x24 the view fits, and says how to add an outpost when there is none', async () => {
    fx = await townFixture({ cols: 80, rows: 24 });
    const f = fx;
    await f.ui.press('9');
    await f.ui.press(KEY.tab);
    await f.ui.press(KEY.tab);
    await f.see('no outposts seen yet');
    await outposts(f);
    const frame = await f.see(/Outposts \d\/2/);
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(frame).toMatch(/gpu\s+up/);
  });
});
