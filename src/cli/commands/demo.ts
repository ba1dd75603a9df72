import { REAL_AGENTS, type RealAgent } from '../../agents/agent-clis.js';
import { OverseerError } from '../../core/errors.js';
import { buildDemoTown } from '../../demo/build-demo.js';
import { townSocketName } from '../../runtime/town-tmux.js';
import type { CommandModule } from '../context.js';
import { intOption } from '../format.js';
import { openCockpit } from './cockpit.js';

export const demoCommand: CommandModule = (program, ctx) => {
  program
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
        ctx.print(
          {
            town: demo.town.root,
            origin: demo.origin,
            issues: demo.issues,
            spawned: demo.spawned,
            daemonPid: demo.daemonPid,
            standinPid: demo.standinPid,
            agentPolecats: demo.agentPolecats,
          },
          () =>
            [
              `demo town ready at ${demo.town.root}`,
              `  ${demo.spawned.length} polecats at work${o.agent ? ` (${demo.agentPolecats.length} of them ${o.agent})` : ''}; open the cockpit with:`,
              `  overseer --town ${demo.town.root}`,
              `  agents run on tmux socket ${townSocketName(demo.town)}: tmux -L ${townSocketName(demo.town)} ls;`,
              // A real CLI leaves children outside its session (Gemini's node, Codex's app-server): `stop` ends them.
              ...(demo.agentPolecats.length
                ? [
                    `  stop the ${o.agent} agents and every process they started with: ` +
                      demo.agentPolecats.map((p) => `overseer --town ${demo.town.root} stop ${p}`).join('; '),
                  ]
                : []),
              `  stop ${demo.agentPolecats.length ? 'the rest' : 'them all'} with: tmux -L ${townSocketName(demo.town)} kill-server`,
              ...(demo.standinPid
                ? [`  (model stand-in pid ${demo.standinPid}; stop it with: kill ${demo.standinPid})`]
                : []),
              ...(demo.daemonPid
                ? [
                    `  (daemon pid ${demo.daemonPid}; stop it with: overseer --town ${demo.town.root} daemon stop)`,
                  ]
                : []),
            ].join('\n'),
        );
        if (o.open) {
          process.env.OVERSEER_TOWN = demo.town.root;
          ctx.program.setOptionValue('town', demo.town.root);
          await openCockpit(ctx, { theme: o.theme });
        }
      },
    );
};
