import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify as yaml } from 'yaml';
import { findAgentCli, agentCliPins, type RealAgent } from '../agents/agent-clis.js';
import { writeAgentHome } from '../agents/agent-home.js';
import { OverseerError } from '../core/errors.js';
import type { LocalRunner } from '../runtime/local-runner.js';
import type { Runner } from '../runtime/runner.js';
import { startStandinProcess } from '../runtime/standin-process.js';
import type { ScriptInput } from '../standin/script.js';
import type { Town } from '../town/town.js';

/**
 * `overseer demo --agent claude|codex|gemini`: the real CLI, run by
 * Overseer, against the model stand-in (a background process of the demo
 * town), in a home of its own under the town's .runtime: no API key needed,
 * and the user's own agent config is never touched.
 */
export type RealAgentDemo = { bin: string; standinPid: number; scriptsDir: string };

export async function prepareRealAgentDemo(
  town: Town,
  runner: LocalRunner,
  agent: RealAgent,
): Promise<RealAgentDemo> {
  const bin = findAgentCli(agent);
  if (!bin) {
    const pin = agentCliPins()[agent];
    throw new OverseerError(
      'agent-not-installed',
      `${agent} is not installed (not on PATH, not in Overseer's cache)`,
      {
        hint: `install it: npm install -g ${pin.package}@${pin.version}, or from a checkout: node scripts/agent-clis.mjs install`,
      },
    );
  }
  const dir = join(town.paths.runtimeDir, 'standin');
  const scriptsDir = join(dir, 'scripts');
  const standin = await startStandinProcess(runner, dir, scriptsDir, { thinkMs: 1500, chunkMs: 40 });
  const home = writeAgentHome(join(town.paths.runtimeDir, 'agent-home'), standin.url);
  home.env.PATH = `${dirname(bin)}:${process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin'}`;
  writeFileSync(town.paths.configFile('agents.yaml'), yaml({ version: 1, env: home.env }));
  return { bin, standinPid: standin.pid, scriptsDir };
}

/** What the stand-in plays for a demo issue: plain work, or work that first asks to run the tests. */
export function demoScript(behaviour: 'succeed' | 'ask', title: string): ScriptInput {
  const note = {
    do: 'write' as const,
    say: `I'll note the plan for "${title}".`,
    path: 'notes/{issue}.md',
    content: `# {issue}: ${title}\n\n- read the code\n- make the change\n- run node test.js\n`,
  };
  const finish = [
    { do: 'shell' as const, say: 'Committing.', command: 'git add -A && git commit -q -m "{issue}: notes"' },
    { do: 'shell' as const, command: 'overseer done' },
    { do: 'text' as const, text: 'Handed to the merge queue.' },
  ];
  if (behaviour === 'succeed') return { steps: [note, ...finish] };
  return {
    steps: [
      { do: 'shell', say: 'Let me run the tests first.', command: 'node test.js', escalate: true },
      note,
      ...finish,
    ],
  };
}

export function writeDemoScript(scriptsDir: string, issue: string, script: ScriptInput): void {
  mkdirSync(scriptsDir, { recursive: true });
  writeFileSync(join(scriptsDir, `${issue}.json`), JSON.stringify(script, null, 2));
}

/** Stop the demo's model stand-in, if it runs (`overseer demo stop`); its pid, or undefined. */
export async function stopRealAgentStandin(town: Town, runner: Runner): Promise<number | undefined> {
  let pid: number;
  try {
    pid = (
      JSON.parse(readFileSync(join(town.paths.runtimeDir, 'standin', 'standin.json'), 'utf8')) as {
        pid: number;
      }
    ).pid;
  } catch {
    return undefined;
  }
  // Only that process: a pid the system has since given to another program is left alone.
  if (!(await runner.processes.cmdline(pid))?.some((a) => a.endsWith('standin.js'))) return undefined;
  return (await runner.processes.signal(pid, 'SIGTERM')) ? pid : undefined;
}
