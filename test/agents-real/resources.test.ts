import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { overseerBin } from '../../src/core/package-root.js';
import { attentionItems } from '../../src/daemon/attention.js';
import { polecatMark } from '../../src/polecats/agent-session.js';
import { spawnPolecat } from '../../src/polecats/spawn.js';
import { agentProcesses } from '../../src/runtime/agent-stop.js';
import { createIssue } from '../../src/town/issues.js';
import { readRigResources } from '../../src/town/polecat-figures.js';
import { readPolecat } from '../../src/town/polecat-state.js';
import { readTownSnapshot } from '../../src/town/snapshot.js';
import { local } from '../support/runner.js';
import { realTown, type RealFixture } from './fixture.js';

const execFileAsync = promisify(execFile);

/**
 * CPU % that counts as hot here. A spinning child takes a whole core on a
 * quiet machine; on this shared 2-core machine under a full test run it may
 * get a fifth of one, while an idle Claude Code stays at a few %.
 */
const HOT = 15;

/**
 * Machine use per polecat: the real Claude Code runs a command that spins a
 * CPU (as a test run might); the polecat's row shows that CPU within two
 * sampling passes of the child appearing, and the runaway alert goes to
 * attention.
 */
describe('CPU and memory of a polecat’s whole process tree', () => {
  let fx: RealFixture | undefined;
  afterEach(async () => {
    await fx?.cleanup();
    fx = undefined;
  });

  it(
    'a busy child shows in its row within two refreshes, and the runaway alert fires',
    { timeout: 240_000 },
    async () => {
      fx = await realTown({
        settings: {
          usage: { sample_interval: '500ms' },
          resources: { runaway_cpu_pct: HOT, runaway_for: '2s', disk_interval: '1m' },
        } as object,
      });
      const f = fx;
      const issue = await createIssue(f.town, 'web', { title: 'Run the busy tests' });
      f.standin.setScript(issue.id, {
        steps: [
          { do: 'shell', command: "timeout 40 sh -c 'while :; do :; done'; echo spun" },
          { do: 'text', text: 'Spun.' },
        ],
      });
      const r = await spawnPolecat(f.town, { issue: issue.id, agent: 'claude', tmux: f.tmux });
      const rp = f.town.rigPaths('web');
      const mark = polecatMark(f.town, readPolecat(rp, r.polecat.name)!);
      const spinning = async () => {
        for (const p of await agentProcesses(local.processes, mark))
          if (((await local.processes.cmdline(p.pid)) ?? []).join(' ').includes('while :')) return true;
        return false;
      };
      // The command needs the CLI's permission (its safe default): approve it, as an operator would.
      await f.tickUntil(
        'permission asked',
        () => readPolecat(rp, r.polecat.name)?.state === 'waiting',
        90_000,
      );
      await f.tmux.sendKeys(r.polecat.session, ['Enter']);
      // Tick until the agent has started the spinning child (the daemon samples as it goes).
      const deadline = Date.now() + 60_000;
      while (!(await spinning())) {
        if (Date.now() > deadline) throw new Error('the busy child never started');
        await f.daemon.tick();
      }
      // Within two sampling passes of it appearing, the row shows it.
      let passes = 0;
      let cpu = 0;
      while (passes < 2 && cpu < HOT) {
        const before = readRigResources(rp.resources)?.sampled_at;
        await f.tickUntil(
          'a sampling pass',
          () => readRigResources(rp.resources)?.sampled_at !== before,
          10_000,
        );
        passes++;
        cpu = readRigResources(rp.resources)?.polecats[r.polecat.name]?.cpu_pct ?? 0;
      }
      expect(cpu).toBeGreaterThanOrEqual(HOT);
      const row = readRigResources(rp.resources)!.polecats[r.polecat.name]!;
      expect(row.procs).toBeGreaterThanOrEqual(3); // claude, its shell, the spinning sh
      expect(row.rss_bytes).toBeGreaterThan(50 * 1024 * 1024); // Claude Code alone is well above this

      const list = JSON.parse(
        (
          await execFileAsync(
            process.execPath,
            [overseerBin(), '--town', f.town.root, 'polecat', 'list', '--json'],
            {
              encoding: 'utf8',
              env: { ...process.env, OVERSEER_TMUX_SOCKET: f.socket },
            },
          )
        ).stdout,
      ) as { name: string; cpu_pct?: number; rss_bytes?: number; cost_estimate: boolean }[];
      expect(list.find((p) => p.name === r.polecat.name)?.cpu_pct).toBeGreaterThan(0);

      // Above HOT % for 2 s: the runaway alert, in attention.
      const item = await f.tickUntil('runaway alert', () =>
        attentionItems(readTownSnapshot(f.town.root), Date.now()).find(
          (i) => i.kind === 'escalated' && /runaway/.test(i.reason),
        ),
      );
      expect(item.reason).toMatch(
        new RegExp(`runaway: ${r.polecat.name} \\(\\d+ processes\\): its processes used [\\d.]+% CPU`),
      );
    },
  );
});
