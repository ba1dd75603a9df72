import { readFileSync, writeFileSync } from 'node:fs';
import { cleanJobs } from '../src/polecats/offload/clean.js';
import { startOffload } from '../src/polecats/offload/start.js';
import { jobStatus, waitTasks } from '../src/polecats/offload/status.js';
import { closeOutposts, sshRunnerFor } from '../src/runtime/hosts.js';
import { LocalRunner } from '../src/runtime/local-runner.js';
import { Tmux } from '../src/runtime/tmux.js';
import { makeSuiteTown, writeConfig } from '../test/support/outposts.js';
import { MODE, sshdAvailable, startOutpost, type TestOutpost } from '../test/support/sshd.js';
import { countRoundTrips, roundTrips } from './ssh-round-trips.js';
import { median, type BenchRow } from './types.js';

const TASKS = 4;
const SLEEP_S = 2;

/**
 * Offload playbooks on a real sshd outpost against this machine (the peer
 * in the same run): a `ready` of 4 tasks that each sleep 2 s — start
 * (commit pushed, worktree and windows made; the connection already up),
 * wall time from the command to all done (parallel: about 2 s, not 8), and
 * one `status` (SSH round trips: one per job).
 */
export async function runOffloadBench(): Promise<BenchRow[]> {
  if (!sshdAvailable) return [];
  const fx = await makeSuiteTown();
  const file = fx.town.rigPaths('web').config;
  const config = JSON.parse(readFileSync(file, 'utf8'));
  config.offload = {
    playbooks: {
      ready: Array.from({ length: TASKS }, (_, i) => ({ name: `t${i}`, run: `sleep ${SLEEP_S}` })),
    },
  };
  writeFileSync(file, JSON.stringify(config));
  const rows: BenchRow[] = [];
  let op: TestOutpost | undefined;
  countRoundTrips(true);
  try {
    op = await startOutpost('off0');
    for (const where of ['outpost', 'local'] as const) {
      if (where === 'outpost') writeConfig(fx.town, [op]);
      else writeConfig(fx.town, []);
      // The connection up and the helper installed (once per outpost and version): not part of a start.
      if (where === 'outpost') await sshRunnerFor(fx.town, op.name).hostInfo();
      const label = where === 'outpost' ? `outpost (${MODE})` : 'this machine';
      const t0 = performance.now();
      const tripsBefore = roundTrips();
      const { job } = await startOffload(fx.town, { target: 'main', playbook: 'ready' });
      const started = performance.now() - t0;
      const startTrips = roundTrips() - tripsBefore;
      const done = await waitTasks(fx.town, job, { timeoutMs: 60_000, pollMs: 100 });
      const wall = performance.now() - t0;
      if (done.state !== 'passed') throw new Error(`offload bench: ${done.state} ${done.error ?? ''}`);
      const trips: number[] = [];
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const before = roundTrips();
        const s0 = performance.now();
        await jobStatus(fx.town, job);
        times.push(performance.now() - s0);
        trips.push(roundTrips() - before);
      }
      const cleaned = await cleanJobs(fx.town, { id: job.id });
      if (cleaned.cleaned.length !== 1)
        throw new Error(`offload bench: clean refused ${JSON.stringify(cleaned)}`);
      rows.push(
        { group: 'offload', name: `start ready (${TASKS} tasks), ${label}`, value: started, unit: 'ms' },
        { group: 'offload', name: `SSH round trips to start, ${label}`, value: startTrips, unit: 'trips' },
        {
          group: 'offload',
          name: `ready wall time, ${TASKS} tasks x ${SLEEP_S}s, ${label}`,
          value: wall,
          unit: 'ms',
          aim: `< ${TASKS * SLEEP_S * 1000} (parallel)`,
          ok: wall < TASKS * SLEEP_S * 1000,
        },
        { group: 'offload', name: `status of one job, ${label} (median)`, value: median(times), unit: 'ms' },
        {
          group: 'offload',
          name: `SSH round trips per job status, ${label}`,
          value: median(trips),
          unit: 'trips',
          aim: where === 'outpost' ? '= 1' : '= 0',
          ok: median(trips) === (where === 'outpost' ? 1 : 0),
        },
      );
    }
    return rows;
  } finally {
    countRoundTrips(false);
    await closeOutposts(fx.town);
    await op?.stop();
    await new Tmux({ socket: `${fx.socket}-offload`, runner: new LocalRunner() })
      .killServer()
      .catch(() => false);
    await fx.cleanup();
  }
}
