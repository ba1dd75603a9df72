import { REAL_AGENTS, type RealAgent } from '../../agents/agent-clis.js';
import { OverseerError } from '../../core/errors.js';
import { buildDemoTown } from '../../demo/build-demo.js';
import { stopDemo } from '../../demo/stop-demo.js';
import { overseerBin } from '../../core/package-root.js';
import { runnerFor } from '../../runtime/hosts.js';
import { townSocketName } from '../../runtime/town-tmux.js';
import { Town } from '../../town/town.js';
import type { CommandModule } from '../context.js';
import { intOption, shellWord } from '../format.js';
import { openCockpit } from './cockpit.js';

/** `overseer ARGS` as it runs from this checkout, whether or not `overseer` is on PATH. */
function here(...args: string[]): string {
  return ['node', overseerBin(), ...args].map(shellWord).join(' ');
}

export const demoCommand: CommandModule = (program, ctx) => {
  const demo = program
    .command('demo')
    .description('create a demo town (real repo, tests, a dozen issues, scripted agents at work)')
    .argument('[dir]', 'where to create it (empty or new; default: a fresh temp directory)')
    .option('--open', 'open the cockpit on it afterwards')
    .option('--no-spawn', 'do not start the scripted polecats')
    .option('--no-daemon', 'do not start the daemon (agents keep their spawn state; nothing lands by itself)')
    .option('--step-ms <ms>', 'scripted agent step time (default 700)', intOption('--step-ms', { min: 0 }))
    .option('--agent <cli>', `run a real agent CLI (${REAL_AGENTS.join(', ')}) against the model stand-in`)
    .option('--theme <name>', 'cockpit theme (with --open)')
    .action(
      async (
        dir: string | undefined,
        o: {
          open?: boolean;
          spawn?: boolean;
          daemon?: boolean;
          stepMs?: number;
          theme?: string;
          agent?: string;
        },
      ) => {
        if (o.agent !== undefined && !(REAL_AGENTS as readonly string[]).includes(o.agent))
          throw new OverseerError(
            'usage',
            `unknown agent ${JSON.stringify(o.agent)} for --agent; use one of ${REAL_AGENTS.join(', ')}`,
            { exitCode: 2 },
          );
        const demo = await buildDemoTown({
          agent: o.agent as RealAgent | undefined,
          dir,
          spawn: o.spawn,
          daemon: o.daemon,
          stepMs: o.stepMs,
          log: (l) => {
            if (!ctx.opts.json) process.stderr.write(`demo: ${l}\n`);
          },
        });
        const root = demo.town.root;
        ctx.print(
          {
            town: root,
            origin: demo.origin,
            issues: demo.issues,
            spawned: demo.spawned,
            daemonPid: demo.daemonPid,
            standinPid: demo.standinPid,
            agentPolecats: demo.agentPolecats,
            socket: townSocketName(demo.town),
          },
          () =>
            [
              `demo town ready at ${root}`,
              `  ${demo.spawned.length} polecats at work${o.agent ? ` (${demo.agentPolecats.length} of them ${o.agent}, against the model stand-in, pid ${demo.standinPid})` : ''}${demo.daemonPid ? `; the daemon (pid ${demo.daemonPid}) dispatches ready issues and lands finished work` : ''}.`,
              `  open the cockpit:  ${here('--town', root)}`,
              `  stop everything:   ${here('demo', 'stop', root)}`,
              `  (agents run on tmux socket ${townSocketName(demo.town)}; \`npm link\` puts \`overseer\` on your PATH)`,
            ].join('\n'),
        );
        if (o.open) {
          process.env.OVERSEER_TOWN = root;
          ctx.program.setOptionValue('town', root);
          await openCockpit(ctx, { theme: o.theme });
          if (!ctx.opts.json)
            process.stderr.write(
              `the demo keeps running; stop everything with: ${here('demo', 'stop', root)}\n`,
            );
        }
      },
    );
  demo
    .command('stop')
    .description('stop a demo town: its daemon, every agent, the tmux server (the files stay)')
    .argument('[dir]', 'the demo town (default: --town, $OVERSEER_TOWN or the current directory)')
    .action(async (dir: string | undefined) => {
      const town = dir ? Town.locate({ town: dir }) : ctx.town();
      const r = await stopDemo(town, runnerFor(town));
      ctx.print(r, () =>
        [
          `demo at ${town.root} stopped:`,
          `  daemon: ${r.daemon ? `pid ${r.daemon} stopped` : 'was not running'}`,
          `  agents: ${r.agents.length ? r.agents.join(', ') : 'none running'}`,
          `  tmux server ${townSocketName(town)}: ${r.server ? 'ended' : 'was not running'}`,
          ...(r.swept ? [`  ${r.swept} leftover process(es) ended`] : []),
          ...(r.standin ? [`  model stand-in: pid ${r.standin} stopped`] : []),
          `  its files stay; remove them with: rm -rf ${shellWord(town.root)}`,
        ].join('\n'),
      );
    });
};
