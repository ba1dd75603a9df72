import { runBeadsBench } from './beads.js';
import { runCockpitBench } from './cockpit.js';
import { runFoundationBench } from './foundation.js';
import { runRefineryBench } from './refinery.js';
import { runSpawnBench } from './spawn.js';
import { runDaemonBench } from './daemon.js';
import { runAgentsBench } from './agents.js';
import { runOracleBench } from './oracle.js';
import { runSoakBench } from './soak.js';
import { runCostBench } from './cost.js';
import { runOutpostsBench } from './outposts.js';
import { runOffloadBench } from './offload.js';
import { runPeersBench } from './peers.js';
import { runLiveIdleBench } from './live-idle.js';
import type { BenchRow, BenchSuite } from './types.js';

/**
 * `npm run bench [-- SUITE...]`: runs the benchmark suites and prints one
 * table. Suites: foundation, beads, spawn, refinery, cockpit, daemon, oracle, outposts and offload (real sshd
 * servers), cost (token and resource sampling at 200 polecats), soak (several minutes of faults),
 * agents (the real CLIs: a permission prompt to waiting, per CLI; several minutes),
 * peers (the cockpit against ccmanager, side by side in tmux; several minutes),
 * live (cockpit and daemon idle CPU with 50 live idle agents). The last two only when named.
 */
const suites: BenchSuite[] = [
  { name: 'foundation', run: runFoundationBench },
  { name: 'beads', run: runBeadsBench },
  { name: 'cockpit', run: runCockpitBench },
  { name: 'spawn', run: runSpawnBench },
  { name: 'refinery', run: runRefineryBench },
  { name: 'daemon', run: runDaemonBench },
  { name: 'outposts', run: runOutpostsBench },
  { name: 'offload', run: runOffloadBench },
  { name: 'oracle', run: runOracleBench },
  { name: 'cost', run: runCostBench },
  { name: 'soak', run: runSoakBench },
  { name: 'agents', run: runAgentsBench },
  { name: 'peers', run: runPeersBench },
  { name: 'live', run: runLiveIdleBench },
];

function render(rows: BenchRow[]): string {
  const cells = rows.map((r) => [
    r.group,
    r.name,
    r.value < 10 ? r.value.toFixed(2) : r.value.toFixed(1),
    r.unit,
    r.aim ?? '',
    r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED',
  ]);
  const head = ['suite', 'measure', 'value', 'unit', 'aim', ''];
  const w = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((x, i) => (i === 2 ? x.padStart(w[i]!) : x.padEnd(w[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), line(w.map((n) => '-'.repeat(n))), ...cells.map(line)].join('\n');
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  // peers installs from npm and takes minutes: only when named.
  const chosen = wanted.length
    ? suites.filter((s) => wanted.includes(s.name))
    : suites.filter((s) => s.name !== 'peers' && s.name !== 'live');
  if (wanted.length && chosen.length !== wanted.length) {
    process.stderr.write(`unknown suite; available: ${suites.map((s) => s.name).join(', ')}\n`);
    process.exit(2);
  }
  const rows: BenchRow[] = [];
  for (const s of chosen) {
    process.stderr.write(`running ${s.name}...\n`);
    rows.push(...(await s.run()));
  }
  process.stdout.write(render(rows) + '\n');
  process.stdout.write(`node ${process.version}, ${process.platform}/${process.arch}\n`);
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
