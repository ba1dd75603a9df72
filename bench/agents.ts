import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify as yaml } from 'yaml';
import { findAgentCli, REAL_AGENTS, type RealAgent } from '../src/agents/agent-clis.js';
import { writeAgentHome } from '../src/agents/agent-home.js';
import { getPreset, loadAgentsConfig } from '../src/agents/presets.js';
import { compileRules } from '../src/agents/state/rules.js';
import { readScreen } from '../src/agents/state/screen.js';
import { startDaemon, stopDaemon } from '../src/daemon/control.js';
import { spawnPolecat } from '../src/polecats/spawn.js';
import { answerKeys } from '../src/runtime/answer-keys.js';
import { rigGit } from '../src/runtime/git.js';
import { LocalRunner } from '../src/runtime/local-runner.js';
import { Tmux } from '../src/runtime/tmux.js';
import { startStandin } from '../src/standin/server.js';
import { installTown } from '../src/town/install.js';
import { createIssue } from '../src/town/issues.js';
import { readPolecat } from '../src/town/polecat-state.js';
import { addRig } from '../src/town/rigs.js';
import { type BenchRow, median, percentile } from './types.js';

const PROMPTS = 10;
/** How long each approved command runs: longer than a daemon tick plus the hook's grace. */
const BUSY_MS = 12_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function git(cwd: string, args: string[]): void {
  execFileSync('git', args, {
    cwd,
    stdio: 'ignore',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'b',
      GIT_AUTHOR_EMAIL: 'b@b',
      GIT_COMMITTER_NAME: 'b',
      GIT_COMMITTER_EMAIL: 'b@b',
    },
  });
}

/** What is left of the agents of a town (their environment names it): killed at the end. */
function killTown(root: string): void {
  for (const e of readdirSync('/proc')) {
    if (Number(e) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${e}/environ`, 'utf8').split('\0').includes(`OVERSEER_TOWN=${root}`))
        process.kill(Number(e), 'SIGKILL');
    } catch {
      /* gone, or not ours to read */
    }
  }
}

/**
 * Time from a permission prompt appearing on a real agent's screen to the
 * polecat being `waiting` in its state file, with the daemon running (its own
 * process, default settings). Each CLI (pinned install, its own home) asks
 * PROMPTS times in a row, driven by the model stand-in; each question is
 * approved with the preset's keys once seen. The screen is polled every
 * 20 ms, so figures carry up to that much error; a state written before the
 * poll saw the screen counts as 0.
 */
async function benchCli(cli: RealAgent): Promise<BenchRow[]> {
  const g = 'agents';
  const bin = findAgentCli(cli);
  if (!bin)
    return [
      { group: g, name: `${cli}: not installed (node scripts/agent-clis.mjs install)`, value: 0, unit: '' },
    ];
  const dir = realpathSync(mkdtempSync(join(tmpdir(), `ov-bench-${cli}-`)));
  const socket = `ov-bench-agents-${process.pid}`;
  const env = { ...process.env, OVERSEER_TMUX_SOCKET: socket };
  const runner = new LocalRunner();
  const tmux = new Tmux({ socket, runner });
  const standin = await startStandin({ thinkMs: 100, chunkMs: 5 });
  let daemonUp = false;
  const town = installTown({ dir: join(dir, 'town'), name: 'bench' });
  try {
    const src = join(dir, 'src');
    mkdirSync(src);
    git(src, ['init', '-q', '-b', 'main']);
    writeFileSync(join(src, 'README.md'), '# bench\n');
    git(src, ['add', '-A']);
    git(src, ['commit', '-q', '-m', 'init']);
    git(dir, ['clone', '-q', '--bare', src, join(dir, 'origin.git')]);
    await addRig(town, { name: 'web', source: join(dir, 'origin.git'), prefix: 'web' }, rigGit(runner));
    const home = writeAgentHome(join(dir, 'agent-home'), standin.url);
    home.env.PATH = `${dirname(bin)}:${process.env.PATH ?? '/usr/bin:/bin'}`;
    writeFileSync(town.paths.configFile('agents.yaml'), yaml({ version: 1, env: home.env }));
    await startDaemon(runner, town.paths, { env });
    daemonUp = true;

    const issue = await createIssue(town, 'web', { title: 'Ask again and again' });
    // Each command runs a while, so the polecat is seen working again before the next question:
    // each question is timed from a state that was not waiting.
    const steps = Array.from({ length: PROMPTS }, (_, i) => ({
      do: 'shell' as const,
      command: `node -e "setTimeout(() => console.log(${i}), ${BUSY_MS})"`,
      escalate: true,
    }));
    standin.setScript(issue.id, { steps: [...steps, { do: 'text', text: 'Done asking.' }] });
    const preset = getPreset(loadAgentsConfig(town.paths.configDir), cli);
    const rules = compileRules(preset);
    const approve = (answerKeys(preset.answers.approve) as { keys: string[] }).keys;
    const r = await spawnPolecat(town, { issue: issue.id, agent: cli, tmux, env });
    const paths = town.rigPaths('web');
    const latencies: number[] = [];
    for (let i = 0; i < PROMPTS; i++) {
      let shown: number | undefined;
      let waiting: number | undefined;
      const deadline = Date.now() + 120_000;
      while (shown === undefined || waiting === undefined) {
        if (Date.now() > deadline) throw new Error(`${cli}: prompt ${i + 1} not seen in time`);
        const t = performance.now();
        if (waiting === undefined && readPolecat(paths, r.polecat.name)?.state === 'waiting') waiting = t;
        if (shown === undefined) {
          const tail = await tmux.capturePane(r.session, { lines: Math.max(40, rules.tailLines * 3) });
          if (readScreen(tail, rules)?.state === 'waiting') shown = performance.now();
        }
        await sleep(20);
      }
      latencies.push(Math.max(0, waiting - shown));
      await tmux.sendKeys(r.session, approve);
      const gone = Date.now() + 60_000;
      while (readPolecat(paths, r.polecat.name)?.state === 'waiting') {
        if (Date.now() > gone) throw new Error(`${cli}: still waiting a minute after question ${i + 1}`);
        await sleep(20);
      }
    }
    const p95 = percentile(latencies, 95);
    return [
      {
        group: g,
        name: `${cli}: permission prompt shown → state file waiting, p50 (${PROMPTS} prompts)`,
        value: median(latencies),
        unit: 'ms',
      },
      { group: g, name: `${cli}: same, p95`, value: p95, unit: 'ms', aim: '≤ 2000 ms', ok: p95 <= 2000 },
    ];
  } finally {
    if (daemonUp) await stopDaemon(runner, town.paths).catch(() => undefined);
    await tmux.killServer().catch(() => undefined);
    killTown(town.root);
    await standin.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runAgentsBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const cli of REAL_AGENTS) rows.push(...(await benchCli(cli)));
  return rows;
}
