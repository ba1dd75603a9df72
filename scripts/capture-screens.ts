// Captures the corpus of real agent screens (test/fixtures/screens): each scenario spawns the real
// CLI (pinned install, throwaway home) through Overseer against the model stand-in, waits for the
// screen it is about, and stores what Overseer's own capture sees, with the state a human would give it.
//
//   npx tsx scripts/capture-screens.ts [--cli claude|codex|gemini] [--only NAME] [--cols 80,120]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify as yaml } from 'yaml';
import { spawnPolecat } from '../src/polecats/spawn.js';
import { Tmux } from '../src/runtime/tmux.js';
import { startStandin } from '../src/standin/server.js';
import { createIssue } from '../src/town/issues.js';
import { agentEnv } from '../test/support/agent-env.js';
import { killTownProcesses } from '../test/support/town-processes.js';
import { makeOrigin } from '../test/support/git.js';
import { installTown } from '../src/town/install.js';
import { addRig } from '../src/town/rigs.js';
import { rigGit } from '../src/runtime/git.js';
import { LocalRunner } from '../src/runtime/local-runner.js';

const runner = new LocalRunner();
import { SCENARIOS, type Scenario } from './screen-scenarios.js';

const { values } = parseArgs({
  options: { cli: { type: 'string' }, only: { type: 'string' }, cols: { type: 'string', default: '80,120' } },
});
const OUT = join(import.meta.dirname, '..', 'test', 'fixtures', 'screens');
const LABELS = join(OUT, 'labels.json');
type Label = { file: string; cli: string; cols: number; scenario: string; expect: string; note: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function capture(s: Scenario, cols: number): Promise<string> {
  const standin = await startStandin({ thinkMs: 200, chunkMs: 10 });
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'ov-capture-')));
  const { bare } = makeOrigin(base, { 'README.md': '# demo\n' });
  const town = installTown({ dir: join(base, 'town'), name: 'capture' });
  await addRig(town, { name: 'web', source: bare, prefix: 'web' }, rigGit(runner));
  const socket = `ov-capture-${process.pid}`;
  process.env.OVERSEER_TMUX_SOCKET = socket;
  const tmux = new Tmux({ socket, runner });
  try {
    const env = agentEnv(base, s.deadModel ? 'http://127.0.0.1:9' : standin.url);
    s.prepare?.(env);
    writeFileSync(town.paths.configFile('agents.yaml'), yaml({ version: 1, env: { ...env.env, ...s.env } }));
    const rigFile = join(town.root, 'web', 'config.json');
    const rig = JSON.parse(readFileSync(rigFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(rigFile, JSON.stringify({ ...rig, ...s.rig }, null, 2));
    const issue = await createIssue(town, 'web', { title: s.title ?? 'Record a change' });
    if (s.script) standin.setScript(issue.id, s.script);
    const r = await spawnPolecat(town, { issue: issue.id, agent: s.cli, tmux, model: s.model });
    execFileSync('tmux', ['-L', socket, 'resize-window', '-t', r.session, '-x', String(cols), '-y', '30']);
    const started = Date.now();
    const deadline = started + (s.timeoutMs ?? 60_000);
    let screen = '';
    let stableSince = Date.now();
    let keysSent = false;
    for (;;) {
      await sleep(250);
      const now = await tmux.capturePane(r.session, { lines: 60 }).catch(() => screen);
      if (now !== screen) stableSince = Date.now();
      screen = now;
      if (s.keys && !keysSent && s.keysWhen?.test(screen)) {
        await sleep(500);
        for (const k of s.keys) {
          execFileSync('tmux', ['-L', socket, 'send-keys', '-t', r.session, k]);
          await sleep(300);
        }
        keysSent = true;
        continue;
      }
      const ready = (!s.keys || keysSent) && s.until.test(screen) && Date.now() - started >= (s.minMs ?? 0);
      if (ready && Date.now() - stableSince >= (s.settleMs ?? 1000)) break;
      if (Date.now() > deadline) {
        process.stderr.write(`  timed out; last screen:\n${screen}\n`);
        throw new Error(`${s.cli}/${s.name}@${cols}: never showed ${s.until}`);
      }
    }
    return screen;
  } finally {
    await tmux.killServer().catch(() => undefined);
    killTownProcesses(town.root);
    await standin.close();
    delete process.env.OVERSEER_TMUX_SOCKET;
    rmSync(base, { recursive: true, force: true });
  }
}

const labels: Label[] = JSON.parse(
  (() => {
    try {
      return readFileSync(LABELS, 'utf8');
    } catch {
      return '[]';
    }
  })(),
);
const widths = values.cols!.split(',').map(Number);
for (const s of SCENARIOS) {
  if (values.cli && s.cli !== values.cli) continue;
  if (values.only && s.name !== values.only) continue;
  for (const cols of s.cols ?? widths) {
    const file = `${s.cli}/${s.name}-${cols}.txt`;
    process.stderr.write(`capturing ${file}\n`);
    try {
      const screen = await capture(s, cols);
      mkdirSync(join(OUT, s.cli), { recursive: true });
      writeFileSync(join(OUT, file), screen + '\n');
      const label = { file, cli: s.cli, cols, scenario: s.name, expect: s.expect, note: s.note };
      const i = labels.findIndex((l) => l.file === file);
      if (i >= 0) labels[i] = label;
      else labels.push(label);
      labels.sort((a, b) => a.file.localeCompare(b.file));
      writeFileSync(LABELS, JSON.stringify(labels, null, 2) + '\n');
    } catch (e) {
      process.stderr.write(`  FAILED: ${(e as Error).message}\n`);
    }
  }
}
