import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { refreshPolecatStates } from '../src/agents/state/refresh.js';
import { Daemon } from '../src/daemon/loop.js';
import { type CaptureOptions, Tmux } from '../src/runtime/tmux.js';
import { readPolecats } from '../src/town/polecat-state.js';
import { Town } from '../src/town/town.js';
import { generateSyntheticTown } from './synthetic-town.js';
import { type BenchRow, median, ms } from './types.js';
import { local } from '../test/support/runner.js';

/** The real tmux adapter, counting capture-pane calls. */
class CountingTmux extends Tmux {
  captures = 0;
  override async capturePane(name: string, opts?: CaptureOptions) {
    this.captures++;
    return super.capturePane(name, opts);
  }
}

/**
 * A daemon tick with N live tmux sessions (real `sleep` processes on a
 * throwaway socket, idle after their first line): the tick's own cost in
 * tmux calls, against the per-pane capture the refresh used to make.
 */
export async function runLiveTickBench(g: string, n = 50): Promise<BenchRow[]> {
  const root = mkdtempSync(join(tmpdir(), 'ov-bench-live-'));
  const tmux = new CountingTmux({ socket: `ov-bench-live-${process.pid}`, runner: local });
  try {
    generateSyntheticTown(root, { rigs: 1, issues: 200, dependencies: 50, mails: 10, polecats: n });
    const town = Town.open(root);
    const paths = town.rigPaths(town.rigNames()[0]!);
    const now = new Date().toISOString();
    for (const p of readPolecats(paths).polecats) {
      const live = { ...p, state: 'working' as const, state_since: now, created_at: now, updated_at: now };
      writeFileSync(paths.polecatState(p.name), JSON.stringify(live));
      await tmux.newSession({
        name: p.session,
        cwd: root,
        command: ['sh', '-c', 'echo ready; exec sleep 600'],
      });
    }
    const daemon = new Daemon(town, local, tmux, { ...process.env, OVERSEER_TMUX_SOCKET: tmux.socketLabel });
    await daemon.tick(); // first sight: every pane is read once
    await new Promise((r) => setTimeout(r, 1100));
    await daemon.tick();

    const times: number[] = [];
    tmux.captures = 0;
    const ticks = 15;
    for (let i = 0; i < ticks; i++) {
      const t0 = process.hrtime.bigint();
      await daemon.tick();
      times.push(ms(t0));
    }
    const capturesPerTick = tmux.captures / ticks;

    // The old way: every refresh captures every live pane.
    const old: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = process.hrtime.bigint();
      await refreshPolecatStates(town, undefined, { tmux });
      old.push(ms(t0));
    }
    return [
      {
        group: g,
        name: `tick with ${n} live tmux sessions, idle (1 list-sessions, ${capturesPerTick} capture-pane per tick)`,
        value: median(times),
        unit: 'ms',
      },
      {
        group: g,
        name: `  state refresh capturing all ${n} panes (before: ${n} capture-pane per tick)`,
        value: median(old),
        unit: 'ms',
      },
    ];
  } finally {
    await tmux.killServer().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  }
}
