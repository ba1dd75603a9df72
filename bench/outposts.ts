import { closeOutposts, sshRunnerFor } from '../src/runtime/hosts.js';
import { syncMemory, syncOutposts } from '../src/polecats/outpost/sync.js';
import { spawnPolecat } from '../src/polecats/spawn.js';
import { removePolecat } from '../src/polecats/remove.js';
import { resolvePolecat } from '../src/polecats/resolve.js';
import { stopPolecat } from '../src/polecats/session-ops.js';
import { createIssue } from '../src/town/issues.js';
import { makeSuiteTown } from '../test/support/outposts.js';
import { MODE, sshdAvailable, startOutpost, type TestOutpost } from '../test/support/sshd.js';
import { writeConfig } from '../test/support/outposts.js';
import { countRoundTrips, roundTrips } from './ssh-round-trips.js';
import { median, type BenchRow } from './types.js';
import { removePolecatState, writePolecat } from '../src/town/polecat-state.js';
import { polecatRecord } from '../test/support/polecat.js';

const SYNCS = 5;

/**
 * Outposts against real sshd servers (network namespaces as root, else
 * loopback): the daemon's per-tick outpost sync with 4 outposts × 10
 * polecats against 1 × 40 (time, SSH round trips and pane captures per
 * tick: round trips must follow the outposts, not the polecats; quiet
 * panes are not captured again), spawn latency on an outpost,
 * and the time to reach an outpost again after its link was cut.
 */
export async function runOutpostsBench(): Promise<BenchRow[]> {
  if (!sshdAvailable) return [];
  const fx = await makeSuiteTown({ maxWorkers: 1 });
  const outposts: TestOutpost[] = [];
  const rows: BenchRow[] = [];
  const prevBehaviour = process.env.OVERSEER_SCRIPTED_BEHAVIOUR;
  process.env.OVERSEER_SCRIPTED_BEHAVIOUR = 'stall';
  countRoundTrips(true);
  try {
    for (let i = 0; i < 5; i++) outposts.push(await startOutpost(`b${i}`));
    const layouts: [string, TestOutpost[], number][] = [
      ['4 outposts x 10 polecats', outposts.slice(0, 4), 10],
      ['1 outpost x 40 polecats', outposts.slice(4, 5), 40],
    ];
    for (const [label, set, per] of layouts) {
      writeConfig(fx.town, set);
      // Each session is a polecat of the town on that outpost: its pane is read there, its state derived here.
      const names: string[] = [];
      for (const o of set) {
        const r = sshRunnerFor(fx.town, o.name);
        const tmux = r.tmux({ socket: fx.socket });
        for (let s = 0; s < per; s++) {
          const name = `${o.name}p${s}`;
          names.push(name);
          await writePolecat(
            fx.town.rigPaths('web'),
            polecatRecord(name, new Date().toISOString(), { outpost: o.name, worktree: o.dir }),
          );
          await tmux.newSession({ name: `ov-web-${name}`, cwd: o.dir, command: ['sleep', '600'] });
        }
      }
      const memory = syncMemory(); // panes and process samples kept across ticks, as the daemon does
      await syncOutposts(fx.town, process.env, memory); // connections up, every pane read once
      const times: number[] = [];
      const trips: number[] = [];
      const captured: number[] = [];
      for (let i = 0; i < SYNCS; i++) {
        const before = roundTrips();
        const t0 = performance.now();
        const res = await syncOutposts(fx.town, process.env, memory);
        times.push(performance.now() - t0);
        trips.push(roundTrips() - before);
        captured.push(res.reduce((n, x) => n + (x.captured ?? 0), 0));
        if (res.some((x) => !x.reachable || x.sessions.length !== per))
          throw new Error(`outpost sync saw ${res.map((x) => x.sessions.length).join('/')} sessions`);
      }
      rows.push(
        { group: 'outposts', name: `tick outpost sync, ${label} (median)`, value: median(times), unit: 'ms' },
        {
          group: 'outposts',
          name: `SSH round trips per tick, ${label}`,
          value: median(trips),
          unit: 'trips',
          aim: `= ${set.length} (one per outpost)`,
          ok: median(trips) === set.length,
        },
        {
          group: 'outposts',
          name: `panes captured per tick, quiet panes, ${label}`,
          value: median(captured),
          unit: 'panes',
          aim: '0 (read again only after output)',
          ok: median(captured) === 0,
        },
      );
      for (const n of names) removePolecatState(fx.town.rigPaths('web'), n);
    }

    // Spawn latency on an outpost (stalled scripted agent), then its removal (not timed).
    writeConfig(fx.town, outposts.slice(0, 1));
    const spawnMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const issue = await createIssue(fx.town, 'web', { title: `bench ${i}` });
      const t0 = performance.now();
      const r = await spawnPolecat(fx.town, { issue: issue.id, agent: 'scripted', outpost: 'b0' });
      spawnMs.push(performance.now() - t0);
      const ref = resolvePolecat(fx.town, r.polecat.name);
      await stopPolecat(ref, { force: true });
      await removePolecat(resolvePolecat(fx.town, r.polecat.name));
    }
    rows.push({
      group: 'outposts',
      name: 'spawn on an outpost (median of 3)',
      value: median(spawnMs),
      unit: 'ms',
    });

    // Reconnect after a cut: from the link's return to the first good round trip (backoff included).
    const o = outposts[0]!;
    await o.cut();
    await syncOutposts(fx.town);
    await o.restore();
    const t0 = performance.now();
    for (;;) {
      const [res] = await syncOutposts(fx.town);
      if (res?.reachable) break;
      if (performance.now() - t0 > 60_000) throw new Error('outpost did not come back within 60 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    rows.push({
      group: 'outposts',
      name: `reconnect after a cut (${MODE}, max_backoff 2s)`,
      value: performance.now() - t0,
      unit: 'ms',
    });
    return rows;
  } finally {
    countRoundTrips(false);
    if (prevBehaviour === undefined) delete process.env.OVERSEER_SCRIPTED_BEHAVIOUR;
    else process.env.OVERSEER_SCRIPTED_BEHAVIOUR = prevBehaviour;
    await closeOutposts(fx.town);
    for (const o of outposts) await o.stop();
    await fx.cleanup();
  }
}
