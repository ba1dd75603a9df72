import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { overseerBin } from '../src/core/package-root.js';
import { buildDemoTown } from '../src/demo/build-demo.js';
import { CCMANAGER_BUN, CCMANAGER_NODE, installPeer } from './peers/install.js';
import { BenchTmux, type Figures, type MeasureOptions, type Subject } from './peers/measure.js';
import { generateSyntheticTown } from './synthetic-town.js';
import { type BenchRow, median } from './types.js';

const env = (name: string, dflt: number) => Number(process.env[name] ?? dflt);
const METRICS = [
  { key: 'firstMs', label: 'first frame', unit: 'ms', aim: 0.8 },
  { key: 'rssMiB', label: 'RSS of the tree', unit: 'MiB', aim: 0.9 },
  { key: 'idleCpuPct', label: 'idle CPU', unit: '% of a core', aim: 0.8 },
] as const;

/** The subjects `only` names (all by default): only those are built or installed. */
async function subjects(base: string, only: string[] | undefined): Promise<Subject[]> {
  const home = join(base, 'home');
  mkdirSync(home);
  // As the operator runs it: the `overseer` executable (its shebang's node flags included).
  const ov = overseerBin();
  const e = { HOME: home, TERM: 'tmux-256color' };
  const ovMarkers = ['Attention', '? help'];
  const ccMarkers = ['New Worktree', 'Q-Quit'];
  const report = join(base, 'first-frame.json');
  const overseer = (name: string, town: string): Subject => ({
    name,
    argv: [ov, '--town', town],
    cwd: town,
    env: { ...e, OVERSEER_FIRST_FRAME_REPORT: report },
    markers: ovMarkers,
    firstFrameReport: report,
  });
  const repo = async () => {
    const dir = join(base, 'repo');
    if (existsSync(dir)) return dir;
    mkdirSync(dir);
    execFileSync('git', ['init', '-q', dir]);
    const who = ['-c', 'user.name=b', '-c', 'user.email=b@b'];
    execFileSync('git', ['-C', dir, ...who, 'commit', '-q', '--allow-empty', '-m', 'init']);
    return dir;
  };
  const all: { name: string; make: () => Promise<Subject> }[] = [
    {
      name: 'overseer',
      make: async () => {
        const demo = await buildDemoTown({ dir: join(base, 'demo'), spawn: false, daemon: false });
        return overseer('overseer', demo.town.root);
      },
    },
    {
      name: `ccmanager ${CCMANAGER_BUN.version}`,
      make: async () => ({
        name: `ccmanager ${CCMANAGER_BUN.version}`,
        argv: [join(await installPeer(CCMANAGER_BUN), 'bin', 'ccmanager')],
        cwd: await repo(),
        env: e,
        markers: ccMarkers,
      }),
    },
    {
      name: `ccmanager ${CCMANAGER_NODE.version}`,
      make: async () => ({
        name: `ccmanager ${CCMANAGER_NODE.version}`,
        argv: [process.execPath, join(await installPeer(CCMANAGER_NODE), 'dist', 'cli.js')],
        cwd: await repo(),
        env: e,
        markers: ccMarkers,
      }),
    },
    {
      name: 'overseer, 200 polecats',
      make: async () => {
        const big = join(base, 'big');
        generateSyntheticTown(big, {
          rigs: 4,
          issues: 20_000,
          dependencies: 10_000,
          mails: 5_000,
          polecats: 200,
        });
        return overseer('overseer, 200 polecats', big);
      },
    },
  ];
  // `overseer`: the demo town; `big`: the 200-polecat town; `ccmanager`: both peers (or one by its full name).
  const picked = (name: string) =>
    !only ||
    only.some(
      (n) => n === name || (n === 'big' && name.includes('200')) || (n === 'ccmanager' && name.startsWith(n)),
    );
  const out: Subject[] = [];
  for (const s of all) if (picked(s.name)) out.push(await s.make());
  return out;
}

const fmt = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(2) : v.toFixed(1)) : 'n/a');
const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);

/**
 * `npm run bench -- peers`: Overseer's cockpit (demo town: 12 issues, no agents,
 * no daemon) against ccmanager 4.x (Bun binary) and 3.x (Node + Ink) on an
 * empty repository, each in a tmux pane, alternating, for N rounds; then the
 * same figures for Overseer on the 200-polecat synthetic town.
 * OVERSEER_BENCH_PEERS_ROUNDS (3), _IDLE_S (30), _RSS_S (8), _ONLY (comma-separated: overseer, big, ccmanager).
 */
export async function runPeersBench(): Promise<BenchRow[]> {
  const o: MeasureOptions = {
    rssAfterS: env('OVERSEER_BENCH_PEERS_RSS_S', 8),
    idleS: env('OVERSEER_BENCH_PEERS_IDLE_S', 30),
    cols: 120,
    rows: 40,
  };
  const rounds = env('OVERSEER_BENCH_PEERS_ROUNDS', 3);
  const base = mkdtempSync(join(tmpdir(), 'ov-bench-peers-'));
  const tmux = new BenchTmux(`ov-bench-peers-${process.pid}`);
  const out = (l: string) => process.stdout.write(l + '\n');
  try {
    const only = process.env.OVERSEER_BENCH_PEERS_ONLY?.split(',').map((n) => n.trim());
    const all = await subjects(base, only);
    const results = new Map<string, Figures[]>(all.map((s) => [s.name, []]));
    await tmux.start(o);
    for (const s of all) await tmux.warm(s, o);
    for (let r = 0; r < rounds; r++) {
      // Alternate, and rotate who goes first, so no one always runs right after the same neighbour.
      const order = [...all.slice(r % all.length), ...all.slice(0, r % all.length)];
      for (const s of order) {
        const f = await tmux.measure(s, o);
        results.get(s.name)!.push(f);
        out(
          `peers round ${r + 1}  ${s.name.padEnd(24)} first ${fmt(f.firstMs)} ms  RSS ${fmt(f.rssMiB)} MiB  idle CPU ${f.idleCpuPct.toFixed(2)} %` +
            (Number.isFinite(f.cpuFirstMs) ? `  (CPU to first frame ${fmt(f.cpuFirstMs)} ms)` : ''),
        );
      }
      for (const peer of all.filter((s) => s.name.startsWith('ccmanager'))) {
        const a = results.get('overseer')?.[r];
        const b = results.get(peer.name)![r]!;
        if (!a) continue;
        out(
          `peers round ${r + 1}  overseer / ${peer.name}: ` +
            METRICS.map((m) => `${m.label} ${fmt(ratio(a[m.key], b[m.key]))}×`).join(', '),
        );
      }
    }
    return summarize(results);
  } finally {
    await tmux.stop();
    rmSync(base, { recursive: true, force: true });
  }
}

function summarize(results: Map<string, Figures[]>): BenchRow[] {
  const rows: BenchRow[] = [];
  const med = (name: string, k: keyof Figures) => median((results.get(name) ?? []).map((f) => f[k]));
  for (const [name, fs] of results) {
    if (!fs.length) continue;
    for (const m of METRICS) {
      const big = name.includes('200') && m.key === 'firstMs';
      const v = med(name, m.key);
      rows.push({
        group: 'peers',
        name: `${name}: ${m.label}, median of ${fs.length}`,
        value: v,
        unit: m.unit,
        ...(big ? { aim: '< 300 ms', ok: v < 300 } : {}),
      });
    }
    const cpu = fs.map((f) => f.cpuFirstMs).filter(Number.isFinite);
    if (cpu.length)
      rows.push({
        group: 'peers',
        name: `${name}: CPU to first frame, median of ${cpu.length}`,
        value: median(cpu),
        unit: 'ms',
      });
  }
  const ov = results.get('overseer') ?? [];
  for (const [peer, fs] of results) {
    if (!peer.startsWith('ccmanager') || !fs.length || !ov.length) continue;
    const bun = peer.includes(CCMANAGER_BUN.version);
    for (const m of METRICS) {
      // Median of the per-round ratios (each measured side by side in one round).
      const v = median(ov.map((f, i) => ratio(f[m.key], fs[i]![m.key])).filter(Number.isFinite));
      rows.push({
        group: 'peers',
        name: `overseer / ${peer}: ${m.label}, median ratio`,
        value: v,
        unit: '×',
        ...(bun ? { aim: `<= ${m.aim}×`, ok: v <= m.aim } : {}),
      });
    }
  }
  return rows;
}
