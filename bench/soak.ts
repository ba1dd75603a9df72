import { execa, type ResultPromise } from 'execa';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentOf, readRefineryState } from '../src/refinery/state.js';
import { createIssue } from '../src/town/issues.js';
import { readPolecats } from '../src/town/polecat-state.js';
import { isLive } from '../src/town/schemas/polecat.js';
import type { Town } from '../src/town/town.js';
import { overseerBin } from '../src/core/package-root.js';
import { local } from '../test/support/runner.js';
import { killLeftovers, pickFault, type Fault } from './soak-faults.js';
import { account, buildSoakTown, RIG } from './soak-town.js';
import type { BenchRow } from './types.js';

/**
 * The reliability soak (issue 17): a town of scripted polecats works through
 * a stream of issues for several minutes (OVERSEER_SOAK_SECONDS, default
 * 240) while agents, the daemon, the refinery's test runs and the tmux
 * server are killed at random. The operator's part is played here: it
 * spawns ready issues with `overseer spawn` (racing the daemon's ticks) and
 * restarts the daemon after a kill. Then the faults stop, the town settles,
 * and the accounting counts what a user would call lost or stuck.
 */

const MAX_WORKERS = 4;
const env = (socket: string) => ({
  OVERSEER_TMUX_SOCKET: socket,
  OVERSEER_SCRIPTED_STEP_MS: '120',
  OVERSEER_TOWN: undefined,
});

export async function runSoakBench(): Promise<BenchRow[]> {
  const seconds = Number(process.env.OVERSEER_SOAK_SECONDS ?? 240);
  const root = mkdtempSync(join(tmpdir(), 'ov-soak-'));
  const socket = `ov-soak-${process.pid}`;
  const tmux = local.tmux({ socket });
  const g = 'soak';
  let daemon: ResultPromise | undefined;
  try {
    const { town, ledger } = await buildSoakTown(root, MAX_WORKERS);
    const startDaemon = () =>
      execa('node', [overseerBin(), '--town', town.root, 'daemon'], {
        env: env(socket),
        reject: false,
        stdin: 'ignore',
        stdout: 'ignore',
        stderr: 'ignore',
      });
    daemon = startDaemon();
    const faults: Record<Fault, number> = { agent: 0, daemon: 0, 'test run': 0, 'tmux server': 0 };
    const spawnFailures: string[] = [];
    let spawns = 0;
    let created = 0;
    const addIssue = async () => {
      await createIssue(town, RIG, { title: `soak change ${++created}` });
    };
    for (let i = 0; i < 8; i++) await addIssue();

    const chaosEnd = Date.now() + seconds * 1000;
    let nextFault = Date.now() + 3000;
    let nextIssue = Date.now() + 4000;
    while (Date.now() < chaosEnd) {
      if (Date.now() >= nextIssue) {
        await addIssue();
        nextIssue = Date.now() + 3000 + Math.random() * 3000;
      }
      spawns += await dispatch(town, socket, spawnFailures);
      if (Date.now() >= nextFault) {
        const fault = pickFault(Math.random());
        const hit = await inject(fault, town, socket);
        if (hit) faults[fault]++;
        if (fault === 'daemon' && hit) {
          daemon.kill('SIGKILL');
          await daemon;
          await sleep(500 + Math.random() * 2000);
          daemon = startDaemon();
        }
        nextFault = Date.now() + 3000 + Math.random() * 5000;
      }
      await sleep(700);
    }

    // Settle: no more faults; the operator keeps dispatching until every issue is closed.
    const settleEnd = Date.now() + Number(process.env.OVERSEER_SOAK_SETTLE_SECONDS ?? 240) * 1000;
    const t0 = Date.now();
    while (Date.now() < settleEnd) {
      const open = [...town.rigBeads(RIG).all().values()].filter(
        (b) => b.issue_type === 'task' && b.status !== 'closed',
      );
      const busy = readPolecats(town.rigPaths(RIG)).polecats.length;
      if (open.length === 0 && busy === 0) break;
      spawns += await dispatch(town, socket, spawnFailures);
      await sleep(1000);
    }
    const settleSec = (Date.now() - t0) / 1000;
    daemon.kill('SIGTERM');
    await daemon;
    daemon = undefined;

    const sessions = (await tmux.listSessions().catch(() => [])).map((s) => s.name);
    const owned = new Set(readPolecats(town.rigPaths(RIG)).polecats.map((p) => p.session));
    const orphans = sessions.filter((s) => !owned.has(s));
    const jammed = [...orphans, ...spawnFailures.filter((f) => /already exists/.test(f))];
    const events = readFileSync(town.paths.events, 'utf8').split('\n').filter(Boolean);
    const doneMrs = events
      .map((l) => /"kind":"polecat\.done".*merge request ([a-z]+-[a-z0-9]+) created/.exec(l)?.[1])
      .filter((x): x is string => x !== undefined);
    const count = (kind: string) => events.filter((l) => l.includes(`"kind":"${kind}"`)).length;
    const c = account(town, ledger, doneMrs);
    const report = (label: string, items: string[]) =>
      items.length
        ? process.stderr.write(`soak: ${label}:\n  ${items.slice(0, 20).join('\n  ')}\n`)
        : undefined;
    report('commits lost', c.commitsLost);
    report('duplicate landings', c.duplicateLandings);
    report('merge requests lost', c.mrsLost);
    report('issues stranded', c.stranded);
    for (const d of await strandedDetail(town, socket, c.stranded)) process.stderr.write(`${d}\n`);
    report('names jammed', jammed);
    report('spawn failures', spawnFailures);
    const zero = (name: string, n: number): BenchRow => ({
      group: g,
      name,
      value: n,
      unit: '',
      aim: '0',
      ok: n === 0,
    });
    await tmux.killServer().catch(() => undefined);
    const left = killLeftovers(root);
    return [
      {
        group: g,
        name: `chaos ${seconds}s: faults injected (agent ${faults.agent}, daemon ${faults.daemon}, test run ${faults['test run']}, tmux server ${faults['tmux server']})`,
        value: Object.values(faults).reduce((a, b) => a + b, 0),
        unit: '',
      },
      {
        group: g,
        name: `issues created / landed (settled in ${settleSec.toFixed(0)}s)`,
        value: created,
        unit: `/ ${c.landed}`,
      },
      {
        group: g,
        name: `spawns by the operator (${spawnFailures.length} refused or failed)`,
        value: spawns,
        unit: '',
      },
      {
        group: g,
        name: `respawns ${count('daemon.respawn')}, requeues ${count('mr.requeued')}, escalations`,
        value: count('daemon.escalate'),
        unit: '',
      },
      { group: g, name: 'commits made by agents', value: c.commitsMade, unit: '' },
      zero('commits lost (not on main, not on any branch)', c.commitsLost.length),
      zero('duplicate landings', c.duplicateLandings.length),
      zero('merge requests lost', c.mrsLost.length),
      zero('issues left stranded (not closed after settling)', c.stranded.length),
      zero('names jammed (orphan sessions, "already exists")', jammed.length),
      zero('processes left behind after cleanup', left),
    ];
  } finally {
    if (daemon) {
      daemon.kill('SIGKILL');
      await daemon;
    }
    await tmux.killServer().catch(() => undefined);
    killLeftovers(root);
    rmSync(root, { recursive: true, force: true });
  }
}

/** The operator: spawn ready issues up to max_workers, each with `overseer spawn` (a separate process). */
async function dispatch(town: Town, socket: string, failures: string[]): Promise<number> {
  const paths = town.rigPaths(RIG);
  const polecats = readPolecats(paths).polecats;
  const live = polecats.filter((p) => isLive(p.state)).length;
  if (live >= MAX_WORKERS) return 0;
  const held = new Set(polecats.map((p) => p.issue));
  const ready = [...town.rigBeads(RIG).all().values()].find(
    (b) => b.issue_type === 'task' && b.status === 'open' && !b.assignee && !held.has(b.id),
  );
  if (!ready) return 0;
  const r = await execa(
    'node',
    [overseerBin(), '--town', town.root, 'spawn', ready.id, '--agent', 'scripted'],
    {
      env: env(socket),
      reject: false,
      stdin: 'ignore',
      timeout: 60_000,
    },
  );
  if (r.exitCode !== 0) failures.push(`${ready.id}: ${String(r.stderr).trim().split('\n')[0]}`);
  return 1;
}

/** One fault; false when there was nothing to hit (no agent, no test run in flight). */
async function inject(fault: Fault, town: Town, socket: string): Promise<boolean> {
  const tmux = local.tmux({ socket });
  switch (fault) {
    case 'agent': {
      const panes = await tmux.listSessions().catch(() => []);
      const alive = panes.filter((p) => !p.paneDead);
      const victim = alive[Math.floor(Math.random() * alive.length)];
      if (!victim) return false;
      const pid = Number(
        (
          await local.run('tmux', [
            '-L',
            socket,
            'display-message',
            '-p',
            '-t',
            `=${victim.name}:`,
            '#{pane_pid}',
          ])
        ).stdout.trim(),
      );
      return Number.isInteger(pid) && pid > 0 && local.here.signal(pid, 'SIGKILL');
    }
    case 'test run': {
      // Wait a little for a run to be in flight.
      const clone = town.rigPaths(RIG).refineryClone;
      for (let i = 0; i < 40; i++) {
        const cur = currentOf(readRefineryState(town.rigPaths(RIG)));
        const pgid = cur?.step === 'test' ? cur.test_pgid : undefined;
        // Only a group that is this refinery's test run now (a recorded pgid may be stale, even reused).
        if (pgid !== undefined && local.here.cwd(pgid)?.startsWith(clone))
          return local.here.signalGroup(pgid, 'SIGKILL');
        await sleep(100);
      }
      return false;
    }
    case 'tmux server':
      await tmux.killServer().catch(() => undefined);
      return true;
    case 'daemon':
      return true; // the caller kills and restarts its child
  }
}

/** What a stranded issue's polecat left: git status, a lock file, the pane's last lines, its events. */
async function strandedDetail(town: Town, socket: string, stranded: string[]): Promise<string[]> {
  const out: string[] = [];
  const paths = town.rigPaths(RIG);
  const events = readFileSync(town.paths.events, 'utf8').split('\n');
  for (const line of stranded) {
    const p = readPolecats(paths).polecats.find((x) => line.startsWith(`${x.issue} `));
    if (!p) continue;
    const status = await local.run('git', ['-C', p.worktree, 'status', '--short', '--branch']);
    const gitDir = (await local.run('git', ['-C', p.worktree, 'rev-parse', '--git-dir'])).stdout.trim();
    const pane = await local.run('tmux', ['-L', socket, 'capture-pane', '-p', '-t', `=${p.session}:`]);
    out.push(
      `soak: ${p.name} (${p.issue}): git ${status.all.trim().replace(/\n/g, ' | ')}; index.lock ${existsSync(join(p.worktree, gitDir, 'index.lock')) || existsSync(join(gitDir, 'index.lock')) ? 'PRESENT' : 'absent'}`,
      `  pane: ${pane.stdout.trim().split('\n').slice(-6).join(' | ')}`,
      ...events
        .filter((e) => e.includes(`/${p.name}"`) || e.includes(p.issue))
        .slice(-8)
        .map((e) => `  event: ${e.slice(0, 300)}`),
    );
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
