import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { OverseerError, errorMessage } from '../core/errors.js';
import { writeJsonAtomic } from '../core/json-file.js';
import { startDaemon } from '../daemon/control.js';
import { spawnPolecat } from '../polecats/spawn.js';
import { gitEnv } from '../runtime/git.js';
import { addDependency, createIssue } from '../town/issues.js';
import { installTown } from '../town/install.js';
import { sendMail } from '../town/mail.js';
import { addRig } from '../town/rigs.js';
import type { Town } from '../town/town.js';
import { DEMO_EPIC, DEMO_ISSUES, DEMO_PROJECT } from './project.js';
import { rigGit } from '../runtime/git.js';
import type { RealAgent } from '../agents/agent-clis.js';
import { demoScript, prepareRealAgentDemo, writeDemoScript } from './real-agent.js';
import { runnerFor } from '../runtime/hosts.js';
import type { CommandId } from '../ui/keys/commands.js';
import { firstKey } from '../ui/keys/help.js';
import { loadKeymap } from '../ui/keys/keymapFile.js';

export const DEMO_RIG = 'shop';

export type DemoOptions = {
  /** Where the town goes (empty or new); default a fresh directory under the OS temp dir. */
  dir?: string;
  /** Spawn the scripted polecats (default true). */
  spawn?: boolean;
  /** Start the daemon (witness, refinery, ...) in the background (default true). */
  daemon?: boolean;
  /** Scripted agent step time in ms (default: the agent's own, 700). */
  stepMs?: number;
  /** Run this real agent CLI (against the model stand-in) on the demo's succeed and ask issues. */
  agent?: RealAgent;
  log?: (line: string) => void;
};

export type DemoTown = {
  town: Town;
  origin: string;
  issues: Record<string, string>;
  spawned: string[];
  daemonPid?: number;
  /** With `agent`: the model stand-in's process. */
  standinPid?: number;
  /** With `agent`: the polecats (RIG/NAME) running the real CLI. */
  agentPolecats: string[];
};

function git(cwd: string, args: string[]): void {
  execFileSync('git', args, { cwd, env: gitEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A bare origin with the demo project on main. */
function makeOrigin(base: string): string {
  const src = join(base, 'shop-src');
  mkdirSync(src, { recursive: true });
  git(src, ['init', '-q', '-b', 'main']);
  for (const [f, content] of Object.entries(DEMO_PROJECT)) {
    mkdirSync(dirname(join(src, f)), { recursive: true });
    writeFileSync(join(src, f), content);
  }
  git(src, ['add', '-A']);
  git(src, ['commit', '-q', '-m', 'shop: initial project']);
  const bare = join(base, 'shop.git');
  git(base, ['clone', '-q', '--bare', src, bare]);
  return bare;
}

/**
 * Build a demo town: a real bare origin with a tested project, a rig, a
 * dozen issues with dependencies and an epic, a welcome mail, and scripted
 * polecats with mixed behaviours (succeed, ask, stall, fail-tests, conflict)
 * so the cockpit is alive at once.
 */
export async function buildDemoTown(opts: DemoOptions = {}): Promise<DemoTown> {
  const log = opts.log ?? (() => {});
  const dir = opts.dir ? resolve(opts.dir) : join(mkdtempSync(join(tmpdir(), 'overseer-demo-')), 'town');
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new OverseerError('dir-not-empty', `${dir} is not empty: the demo needs an empty or new directory`);
  // A socket chosen by $OVERSEER_TMUX_SOCKET is recorded, so the commands the demo prints reach
  // its tmux server from a shell without that variable.
  const socket = process.env.OVERSEER_TMUX_SOCKET;
  const town = installTown({ dir, name: 'demo', ...(socket ? { tmuxSocket: socket } : {}) });
  // The origin lives beside the town's own files, out of the way of rigs.
  const originBase = join(town.paths.runtimeDir, 'demo-origin');
  mkdirSync(originBase, { recursive: true });
  const origin = makeOrigin(originBase);
  await addRig(
    town,
    {
      name: DEMO_RIG,
      source: origin,
      prefix: 'shop',
      testCommand: 'node test.js',
      maxWorkers: 8,
    },
    rigGit(runnerFor(town)),
  );
  // Dispatch on: ready issues (the "Resolve merge conflicts" one too) get polecats by themselves.
  const rigPaths = town.rigPaths(DEMO_RIG);
  await writeJsonAtomic(rigPaths.config, { ...town.rig(DEMO_RIG), dispatch: true, worker_spawn_delay: 2 });
  log(`town ${town.root}, rig ${DEMO_RIG} from ${origin}; dispatch on`);

  const epic = await createIssue(town, DEMO_RIG, { title: DEMO_EPIC, type: 'epic', priority: 1 });
  const ids: Record<string, string> = { epic: epic.id };
  for (const i of DEMO_ISSUES) {
    const b = await createIssue(town, DEMO_RIG, {
      title: i.title,
      type: i.type ?? 'task',
      priority: i.priority,
      labels: [`behaviour:${i.behaviour}`],
      parent: i.inEpic ? epic.id : undefined,
    });
    ids[i.key] = b.id;
  }
  for (const i of DEMO_ISSUES)
    for (const dep of i.blockedBy ?? []) await addDependency(town, ids[i.key]!, ids[dep]!);

  // Key hints from the town's keymap (config/keymap.yaml overrides included), never spelled out here.
  const key = (id: CommandId) => firstKey(loadKeymap(town.paths.configFile('keymap.yaml')), id);
  await sendMail(town, {
    to: 'overseer',
    from: 'mayor',
    subject: 'Welcome to the demo town',
    body: [
      'Six scripted polecats are at work on the shop rig:',
      `- one succeeds, one asks for permission (nudge it with ${key('action.nudge')}, type y),`,
      '- one stalls, one breaks the tests, two make conflicting changes.',
      'The daemon lands finished work and dispatches ready issues; when the two banner changes',
      'conflict, it starts a polecat on the "Resolve merge conflicts" issue, which closes the loop.',
      `Spawn more from the ready pane with ${key('action.spawn')}, ${key('help.toggle')} for help.`,
    ].join('\n'),
  });

  const real = opts.agent ? await prepareRealAgentDemo(town, runnerFor(town), opts.agent) : undefined;
  if (real) log(`${opts.agent} (${real.bin}) talks to the model stand-in, pid ${real.standinPid}`);
  const spawned: string[] = [];
  const agentPolecats: string[] = [];
  if (opts.spawn !== false) {
    const env = { ...process.env };
    if (opts.stepMs) env.OVERSEER_SCRIPTED_STEP_MS = String(opts.stepMs);
    for (const i of DEMO_ISSUES.filter((x) => x.spawn)) {
      const useReal = real && (i.behaviour === 'succeed' || i.behaviour === 'ask');
      if (useReal)
        writeDemoScript(real.scriptsDir, ids[i.key]!, demoScript(i.behaviour as 'succeed', i.title));
      const agent = useReal ? opts.agent! : 'scripted';
      try {
        const r = await spawnPolecat(town, { issue: ids[i.key]!, agent, env, fetch: false });
        spawned.push(`${r.polecat.rig}/${r.polecat.name}`);
        if (useReal) agentPolecats.push(`${r.polecat.rig}/${r.polecat.name}`);
        log(`spawned ${r.polecat.name} on ${ids[i.key]} (${useReal ? agent : i.behaviour})`);
      } catch (e) {
        log(`could not spawn on ${ids[i.key]}: ${errorMessage(e)}`);
      }
    }
  }
  let daemonPid: number | undefined;
  if (opts.daemon !== false) {
    try {
      daemonPid = await startDaemon(runnerFor(town), town.paths);
      log(`daemon started (pid ${daemonPid}): it refreshes agent states and lands finished work`);
    } catch (e) {
      log(`daemon not started: ${errorMessage(e)}`);
    }
  }
  return { town, origin, issues: ids, spawned, daemonPid, standinPid: real?.standinPid, agentPolecats };
}
