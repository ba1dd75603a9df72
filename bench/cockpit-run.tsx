import { execFile } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from 'ink';
import { writeJsonAtomic } from '../src/core/json-file.js';
import { packageRoot } from '../src/core/package-root.js';
import { TownStore } from '../src/store/town-store.js';
import { TownPaths } from '../src/town/paths.js';
import type { PolecatState } from '../src/town/schemas/polecat.js';
import type { CockpitActions } from '../src/ui/app/actions.js';
import { App } from '../src/ui/app/App.js';
import { idleCompactor } from '../src/ui/app/idle-gc.js';
import { installInkLineCache } from '../src/ui/app/ink-line-cache.js';
import { DEFAULT_KEYMAP, KeyDispatcher, KeymapProvider } from '../src/ui/keys/index.js';
import { loadTheme, ThemeProvider } from '../src/ui/theme/index.js';
import { type BenchRow, ms, percentile } from './types.js';

/** A terminal stdout that reports each write (one frame, or the changed lines of one). */
class FakeTty extends EventEmitter {
  isTTY = true;
  onWrite?: (text: string) => void;
  writes = 0;
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write(chunk: string | Uint8Array, cb?: () => void): boolean {
    this.writes++;
    this.onWrite?.(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    cb?.();
    return true;
  }
}

class FakeStdin extends EventEmitter {
  isTTY = false;
  setRawMode() {}
  setEncoding() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read() {
    return null;
  }
}

const noActions = new Proxy({} as CockpitActions, {
  get: (_t, name) =>
    name === 'presets' ? () => ['scripted'] : name === 'defaultPreset' ? () => 'scripted' : async () => '',
});

function until(stdout: FakeTty, text: string, from: bigint, ms_ = 5000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no frame showed ${text}`)), ms_);
    stdout.onWrite = (chunk) => {
      if (chunk.includes(text)) {
        clearTimeout(timer);
        stdout.onWrite = undefined;
        resolve(ms(from));
      }
    };
  });
}

/**
 * Measured in a fresh process on an existing synthetic town (see cockpit.ts):
 * the real store watching the real files, the real App rendering through Ink
 * to a terminal-sized stream. OVERSEER_BENCH_IDLE_S shortens the idle
 * measurement (default 60 s); OVERSEER_BENCH_NO_LINE_CACHE=1 leaves the Ink
 * line cache out.
 */
export async function runCockpitBenchNow(root: string): Promise<BenchRow[]> {
  const g = 'cockpit';
  const rows: BenchRow[] = [];
  const idleSeconds = Number(process.env.OVERSEER_BENCH_IDLE_S ?? 60);
  const paths = new TownPaths(root);
  const theme = loadTheme('dark', { themesDir: join(packageRoot(), 'themes'), env: {} });
  // The real cockpit's heartbeat: one tmux call every few seconds (no server here: it fails fast).
  const socket = `ov-bench-${process.pid}`;
  const probe = () =>
    new Promise<Map<string, number>>((resolve) =>
      execFile('tmux', ['-L', socket, 'list-sessions', '-F', '#{session_name}'], () => resolve(new Map())),
    );
  const mount = (store: TownStore, stdout: FakeTty) =>
    render(
      <ThemeProvider theme={theme}>
        <KeymapProvider keymap={DEFAULT_KEYMAP}>
          <KeyDispatcher>
            <App
              store={store}
              actions={noActions}
              onQuit={() => {}}
              cols={stdout.columns}
              rows={stdout.rows}
            />
          </KeyDispatcher>
        </KeymapProvider>
      </ThemeProvider>,
      {
        stdout: stdout as unknown as NodeJS.WriteStream,
        stdin: new FakeStdin() as unknown as NodeJS.ReadStream,
        exitOnCtrlC: false,
        patchConsole: false,
        incrementalRendering: true,
      },
    );

  // As in the real cockpit (run.tsx): parsed lines carried from frame to frame.
  // OVERSEER_BENCH_NO_LINE_CACHE=1: Ink's own incremental rendering alone, to compare.
  if (!process.env.OVERSEER_BENCH_NO_LINE_CACHE) await installInkLineCache();
  // ---- first frame ----
  const wide = new FakeTty(200, 50);
  const t0 = process.hrtime.bigint();
  const firstFrame = until(wide, 'Polecats', t0);
  const store = new TownStore(root, {
    activityProbe: probe,
    activityIntervalMs: 5000,
    progressive: true,
  }).start();
  const startMs = ms(t0);
  // As in the real cockpit (run.tsx): compact the heap after bursts of updates.
  const compactor = idleCompactor();
  store.subscribe(compactor.poke);
  const loaded = new Promise<number>((resolve) => {
    const unsub = store.subscribe(() => {
      if (!store.getSnapshot().loading) {
        unsub();
        resolve(ms(t0));
      }
    });
  });
  let app = mount(store, wide);
  const first = await firstFrame;
  const full = await loaded;
  rows.push({
    group: g,
    name: 'time to first frame, 200x50 (store start + render)',
    value: first,
    unit: 'ms',
    aim: '< 400 ms',
    ok: first < 400,
  });
  rows.push({
    group: g,
    name: '  of which store start (small files read, watches set)',
    value: startMs,
    unit: 'ms',
  });
  rows.push({ group: g, name: '  20,000 issues and 5,000 mails read and shown', value: full, unit: 'ms' });

  await new Promise((r) => setTimeout(r, 300));
  rows.push({
    group: g,
    name: 'RSS once everything is loaded and drawn',
    value: process.memoryUsage().rss / 2 ** 20,
    unit: 'MiB',
  });

  // ---- write → frame latency: a polecat becomes `waiting` with a fresh reason (attention pane) ----
  const file = paths.rig('rig0').polecatState('cat0');
  const base = JSON.parse(readFileSync(file, 'utf8')) as PolecatState;
  const latency = async (stdout: FakeTty, label: string, aim: boolean) => {
    await new Promise((r) => setTimeout(r, 500));
    const lat: number[] = [];
    const toStore: number[] = [];
    let tWrite = process.hrtime.bigint();
    let seen = true;
    const unsub = store.subscribe(() => {
      if (!seen) {
        seen = true;
        toStore.push(ms(tWrite));
      }
    });
    for (let i = 0; i < 100; i++) {
      const token = `tok${i}x${Math.random().toString(36).slice(2, 7)}`;
      tWrite = process.hrtime.bigint();
      seen = false;
      const frame = until(stdout, token, tWrite);
      await writeJsonAtomic(file, {
        ...base,
        state: 'waiting',
        state_reason: token,
        updated_at: new Date().toISOString(),
      });
      lat.push(await frame);
      await new Promise((r) => setTimeout(r, 60));
    }
    unsub();
    const p95 = percentile(lat, 95);
    rows.push({
      group: g,
      name: `state-file write → frame showing it, ${label}, p50 of 100`,
      value: percentile(lat, 50),
      unit: 'ms',
    });
    rows.push({
      group: g,
      name: `state-file write → frame showing it, ${label}, p95 of 100`,
      value: p95,
      unit: 'ms',
      ...(aim ? { aim: '< 50 ms', ok: p95 < 50 } : {}),
    });
    rows.push({
      group: g,
      name: '  of which write (fsync, rename) → new snapshot, p50',
      value: percentile(toStore, 50),
      unit: 'ms',
    });
  };
  await latency(wide, '200x50', true);
  app.unmount();
  const small = new FakeTty(80, 24);
  const shown = until(small, 'Attention', process.hrtime.bigint());
  app = mount(store, small);
  await shown;
  await latency(small, '80x24', false);

  // ---- idle ----
  global.gc?.();
  await new Promise((r) => setTimeout(r, 1000));
  const c0 = process.cpuUsage();
  const w0 = process.hrtime.bigint();
  const writes0 = small.writes;
  await new Promise((r) => setTimeout(r, idleSeconds * 1000));
  const c = process.cpuUsage(c0);
  const cpuPct = ((c.user + c.system) / 1000 / ms(w0)) * 100;
  rows.push({
    group: g,
    name: `CPU while idle over ${idleSeconds} s (${small.writes - writes0} frames)`,
    value: cpuPct,
    unit: '% of a core',
    aim: '< 1 %',
    ok: cpuPct < 1,
  });
  const mu = process.memoryUsage();
  const rss = mu.rss / 2 ** 20;
  rows.push({
    group: g,
    name: 'RSS with the cockpit open on that town',
    value: rss,
    unit: 'MiB',
    aim: '< 150 MiB',
    ok: rss < 150,
  });
  rows.push({ group: g, name: '  of which JS heap used', value: mu.heapUsed / 2 ** 20, unit: 'MiB' });
  const w = store.watchCounts();
  rows.push({
    group: g,
    name: `watches: ${w.dirs} directories (fs.watch), ${w.files} files (chokidar)`,
    value: w.dirs + w.files,
    unit: 'watches',
  });
  app.unmount();
  compactor.stop();
  await store.stop();
  return rows;
}
