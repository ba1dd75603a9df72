import { execFile } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink';
import { writeJsonAtomic } from '../src/core/json-file.js';
import { TownStore } from '../src/store/town-store.js';
import { TownPaths } from '../src/town/paths.js';
import type { PolecatState } from '../src/town/schemas/polecat.js';
import type { CockpitActions } from '../src/ui/app/actions.js';
import { App } from '../src/ui/app/App.js';
import { DEFAULT_KEYMAP, KeyDispatcher, KeymapProvider } from '../src/ui/keys/index.js';
import { loadTheme, ThemeProvider } from '../src/ui/theme/index.js';
import { packageRoot } from '../src/core/package-root.js';
import { generateSyntheticTown } from './synthetic-town.js';
import { type BenchRow, ms, percentile } from './types.js';

/** A terminal-sized stdout that records when each frame was written. */
class FakeTty extends EventEmitter {
  columns = 200;
  rows = 50;
  isTTY = true;
  frames: { at: bigint; text: string }[] = [];
  onWrite?: (text: string) => void;
  write(chunk: string | Uint8Array, cb?: () => void): boolean {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    this.frames.push({ at: process.hrtime.bigint(), text });
    this.onWrite?.(text);
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

/**
 * Issue 5's figures, on a synthetic town of 200 polecats, 20,000 issues and
 * 5,000 mails, with the real store (watching the real files) and the real App
 * rendering to a 200x50 terminal: time to first frame, state-file-write →
 * frame latency, idle CPU and RSS. OVERSEER_BENCH_IDLE_S shortens the idle
 * measurement (default 60 s).
 */
export async function runCockpitBench(): Promise<BenchRow[]> {
  const g = 'cockpit';
  const root = mkdtempSync(join(tmpdir(), 'ov-bench-cockpit-'));
  const rows: BenchRow[] = [];
  const idleSeconds = Number(process.env.OVERSEER_BENCH_IDLE_S ?? 60);
  try {
    const town = generateSyntheticTown(root, {
      rigs: 4,
      issues: 20_000,
      dependencies: 10_000,
      mails: 5_000,
      polecats: 200,
    });
    const paths = new TownPaths(root);
    const theme = loadTheme('dark', { themesDir: join(packageRoot(), 'themes'), env: {} });
    const stdout = new FakeTty();
    const stdin = new FakeStdin();

    // One tmux call per heartbeat, as in the real cockpit (no server here: it fails fast).
    const socket = `ov-bench-${process.pid}`;
    const probe = (sessions: string[]) =>
      new Promise<Map<string, number>>((resolve) =>
        execFile('tmux', ['-L', socket, 'list-sessions', '-F', '#{session_name}'], () =>
          resolve(new Map(sessions.slice(0, 0).map((s) => [s, 0]))),
        ),
      );

    global.gc?.();
    const t0 = process.hrtime.bigint();
    const firstFrame = new Promise<number>((resolve) => {
      stdout.onWrite = (text) => {
        if (text.includes('Polecats')) {
          stdout.onWrite = undefined;
          resolve(ms(t0));
        }
      };
    });
    const store = new TownStore(root, { activityProbe: probe, activityIntervalMs: 3000 }).start();
    const app = render(
      <ThemeProvider theme={theme}>
        <KeymapProvider keymap={DEFAULT_KEYMAP}>
          <KeyDispatcher>
            <App store={store} actions={noActions} onQuit={() => app.unmount()} cols={200} rows={50} />
          </KeyDispatcher>
        </KeymapProvider>
      </ThemeProvider>,
      {
        stdout: stdout as unknown as NodeJS.WriteStream,
        stdin: stdin as unknown as NodeJS.ReadStream,
        exitOnCtrlC: false,
        patchConsole: false,
        incrementalRendering: true,
      },
    );
    const first = await firstFrame;
    rows.push({
      group: g,
      name: 'time to first frame (load 20,000 issues, 200 polecats, 5,000 mails; render)',
      value: first,
      unit: 'ms',
      aim: '< 400 ms',
      ok: first < 400,
    });

    // Latency: rewrite a visible polecat's state file (atomic rename), wait for the frame showing it.
    const rig = town.rigs[0]!;
    const file = paths.rig(rig).polecatState('cat0');
    const { readFileSync } = await import('node:fs');
    const base = JSON.parse(readFileSync(file, 'utf8')) as PolecatState;
    await new Promise((r) => setTimeout(r, 500));
    const lat: number[] = [];
    for (let i = 0; i < 100; i++) {
      const token = `tok${i}x${Math.random().toString(36).slice(2, 7)}`;
      const seen = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no frame showed ${token}`)), 5000);
        stdout.onWrite = (text) => {
          if (text.includes(token)) {
            clearTimeout(timer);
            stdout.onWrite = undefined;
            resolve(ms(t));
          }
        };
      });
      const t = process.hrtime.bigint();
      await writeJsonAtomic(file, {
        ...base,
        state: 'waiting',
        state_reason: token,
        updated_at: new Date().toISOString(),
      });
      lat.push(await seen);
      await new Promise((r) => setTimeout(r, 60));
    }
    const p50 = percentile(lat, 50);
    const p95 = percentile(lat, 95);
    rows.push({ group: g, name: 'state-file write → frame showing it, p50 of 100', value: p50, unit: 'ms' });
    rows.push({
      group: g,
      name: 'state-file write → frame showing it, p95 of 100',
      value: p95,
      unit: 'ms',
      aim: '< 50 ms',
      ok: p95 < 50,
    });

    global.gc?.();
    await new Promise((r) => setTimeout(r, 1000));
    const c0 = process.cpuUsage();
    const w0 = process.hrtime.bigint();
    const framesBefore = stdout.frames.length;
    await new Promise((r) => setTimeout(r, idleSeconds * 1000));
    const c = process.cpuUsage(c0);
    const wall = ms(w0);
    const cpuPct = ((c.user + c.system) / 1000 / wall) * 100;
    rows.push({
      group: g,
      name: `CPU while idle over ${idleSeconds} s (${stdout.frames.length - framesBefore} writes)`,
      value: cpuPct,
      unit: '% of a core',
      aim: '< 1 %',
      ok: cpuPct < 1,
    });
    const rss = process.memoryUsage().rss / 2 ** 20;
    rows.push({
      group: g,
      name: 'RSS with the cockpit open on that town',
      value: rss,
      unit: 'MiB',
      aim: '< 150 MiB',
      ok: rss < 150,
    });
    rows.push({
      group: g,
      name: `watches: ${store.watchCounts().dirs} directories, ${store.watchCounts().files} files`,
      value: store.watchCounts().dirs + store.watchCounts().files,
      unit: 'watches',
    });

    app.unmount();
    await store.stop();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return rows;
}
