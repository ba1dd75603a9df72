import { join } from 'node:path';
import { getPreset, loadAgentsConfig } from '../../agents/presets.js';
import { OverseerError } from '../../core/errors.js';
import { sanitize } from '../../core/sanitize.js';
import { AGENT_MARK_VAR } from '../../runtime/agent-stop.js';
import { filesOf } from '../../runtime/host-files.js';
import { shQuote } from '../../runtime/ssh/quote.js';
import { offloadDir } from '../../town/offload-jobs.js';
import type { OffloadJob } from '../../town/schemas/offload.js';
import type { Town } from '../../town/town.js';
import { agentMark, launchAgentSession } from '../agent-session.js';
import type { OffloadHost } from './host.js';

export type Failure = { name: string; code?: number; log: string };

/**
 * The prompt of a fix round: which tasks failed, their command lines (from
 * the rig's config) and the end of their logs (untrusted text: stripped of
 * control sequences; it goes to the agent in a file, never to a shell).
 */
export function fixPrompt(job: OffloadJob, round: number, failures: Failure[]): string {
  const parts = [
    `# Offload fix, round ${round} of ${job.fix?.max_rounds ?? round}`,
    '',
    `Issue: ${job.id}`,
    `Title: make the failing checks of ${job.target.input} pass`,
    'Labels: fix',
    '',
    `You are in a git worktree of rig ${job.rig} at ${job.target.input} (${job.target.sha.slice(0, 10)}).`,
    'These checks failed. Fix the code so they pass, commit your change, then run `overseer done`.',
  ];
  for (const f of failures) {
    const run = job.tasks.find((t) => t.name === f.name)?.run ?? '';
    parts.push(
      '',
      `## Failing: ${f.name} (${f.code === undefined ? 'no exit status' : `exit ${f.code}`})`,
      '',
    );
    parts.push(`Command: ${run}`, '', '```', sanitize(f.log).trimEnd(), '```');
  }
  return parts.join('\n') + '\n';
}

/**
 * Run one fix round's agent on the outpost, in its own session in the job's
 * worktree, with the rig's preset (config offload.fix_agent, else
 * default_agent). Its `overseer` is a script of the job's: `overseer done`
 * marks the round handed back. Returns once it is handed back or the agent
 * exits (or the timeout); the agent's session and processes are then ended.
 */
export async function runFixAgent(
  town: Town,
  h: OffloadHost,
  job: OffloadJob,
  round: number,
  prompt: string,
  opts: { timeoutMs: number; env?: NodeJS.ProcessEnv },
): Promise<'handed-back' | 'exited' | 'timed-out'> {
  const config = town.rig(job.rig);
  const agent = config.offload?.fix_agent ?? config.default_agent;
  const preset = getPreset(loadAgentsConfig(town.paths.configDir), agent);
  const r = h.runner;
  const info = await h.info();
  const bin = `${job.dir}/bin`;
  const marker = `${job.dir}/fix-${round}.done`;
  const files = filesOf(r);
  await files.writeFile(
    `${bin}/overseer`,
    `#!/bin/sh\n# overseer for an offload fix agent: done hands the round back; other calls are accepted.\nif [ "$1" = done ]; then : > ${shQuote(marker)}; echo 'offload: round ${round} handed back'; fi\nexit 0\n`,
  );
  const mode = await r.run('chmod', ['+x', `${bin}/overseer`]);
  if (mode.code !== 0) throw new OverseerError('offload-failed', `${h.name}: ${mode.stderr.trim()}`);
  const session = `${job.session}-fix${round}`;
  const mark = agentMark(town.root, session);
  const tmux = r.tmux({ socket: job.socket });
  await launchAgentSession(
    town,
    r,
    tmux,
    {
      session,
      cwd: job.worktree,
      agent,
      preset,
      prompt,
      promptFile: join(offloadDir(town.rigPaths(job.rig)), job.id, `fix-${round}.md`),
      env: { OVERSEER_RIG: job.rig, OVERSEER_OFFLOAD_JOB: job.id },
      mark,
      host: {
        overseer: `${bin}/overseer`,
        shimDir: bin,
        path: info.path,
        node: info.node,
        scriptedAgent: `${info.helper}/scripted-agent.js`,
        promptFile: `${job.dir}/fix-${round}.md`,
        env: {},
      },
    },
    opts.env,
  );
  const until = Date.now() + opts.timeoutMs;
  let outcome: 'handed-back' | 'exited' | 'timed-out' = 'timed-out';
  while (Date.now() < until) {
    if (await files.exists(marker)) {
      outcome = 'handed-back';
      break;
    }
    if (!(await tmux.hasSession(session)) || (await tmux.paneDead(session))) {
      outcome = 'exited';
      break;
    }
    await new Promise((res) => setTimeout(res, 500));
  }
  if (await tmux.hasSession(session)) await tmux.killSession(session);
  const left = await r.processes.find({ env: { name: AGENT_MARK_VAR, value: mark } });
  if (left.length > 0) await r.processes.end(left);
  return outcome;
}
