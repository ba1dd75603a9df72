import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandModule } from '../context.js';
import { collect, table } from '../format.js';
import { formatAge } from '../../core/time.js';
import { pluginSessionName } from '../../plugins/session.js';
import { addPlugin, answerRequest, listPlugins, resolvePlugin } from '../../plugins/ops.js';
import { townTmux } from '../../runtime/town-tmux.js';
import type { PluginInfo } from '../../town/plugins.js';
import { HOOK_POINTS, PLUGIN_STATE } from '../../town/schemas/plugin.js';
import type { Town } from '../../town/town.js';

async function sessions(town: Town): Promise<Map<string, boolean>> {
  const list = await townTmux(town)
    .listSessions()
    .catch(() => []);
  return new Map(list.map((s) => [s.name, !s.paneDead]));
}

function summary(p: PluginInfo, live: Map<string, boolean>, town: Town) {
  const session = pluginSessionName(town, p);
  const last = p.runtime?.invocations.at(-1);
  return {
    plugin: `${p.rig}/${p.name}`,
    hooks: p.config.hooks,
    agent: p.config.agent ?? town.rig(p.rig).default_agent,
    timeout_ms: p.config.timeout,
    session,
    session_state: live.get(session) === true ? 'running' : live.has(session) ? 'exited' : 'none',
    last: last
      ? {
          hook: last.hook,
          status: last.status,
          verdict: last.verdict,
          text: last.text,
          sent_at: last.sent_at,
        }
      : undefined,
    problem: p.problem,
  };
}

export const pluginCommand: CommandModule = (program, ctx) => {
  const plugin = program
    .command('plugin')
    .description('plugins: agents the daemon consults at hook points (list, status, add, answer)');
  plugin
    .command('list')
    .description('plugins of every rig (or --rig) with their hook points and sessions')
    .option('--rig <rig>', 'only this rig')
    .action(async (o: { rig?: string }) => {
      const town = ctx.town();
      const live = await sessions(town);
      const rows = listPlugins(town, o.rig).map((p) => summary(p, live, town));
      const now = Date.now();
      ctx.print(
        rows,
        () =>
          table(
            ['PLUGIN', 'HOOKS', 'AGENT', 'SESSION', 'LAST'],
            rows.map((r) => [
              r.plugin,
              r.hooks.join(',') || '-',
              r.agent,
              r.session_state,
              r.problem
                ? `problem: ${r.problem}`
                : r.last
                  ? `${r.last.hook} ${r.last.verdict ?? r.last.status} ${formatAge(now - Date.parse(r.last.sent_at))} ago`
                  : '-',
            ]),
          ) || 'no plugins (add one: overseer plugin add RIG NAME --example merge-oracle)',
      );
    });
  plugin
    .command('status')
    .description('one plugin: config, session, its state.json and the latest consultations')
    .argument('<plugin>', 'RIG/NAME or NAME')
    .action(async (arg: string) => {
      const town = ctx.town();
      const p = resolvePlugin(town, arg);
      const s = summary(p, await sessions(town), town);
      let state: unknown;
      try {
        state = JSON.parse(readFileSync(join(p.dir, PLUGIN_STATE), 'utf8'));
      } catch {
        state = undefined;
      }
      const invocations = (p.runtime?.invocations ?? []).slice(-10);
      ctx.print({ ...s, dir: p.dir, state, invocations }, () =>
        [
          `plugin   ${s.plugin}${p.config.description ? ` — ${p.config.description}` : ''}`,
          `dir      ${p.dir}`,
          `hooks    ${s.hooks.join(', ') || '(none)'}; timeout ${Math.round(s.timeout_ms / 1000)}s`,
          `agent    ${s.agent}; session ${s.session} (${s.session_state})`,
          ...(p.problem ? [`problem  ${p.problem}`] : []),
          `state    ${state === undefined ? '(no state.json)' : JSON.stringify(state).slice(0, 300)}`,
          '',
          table(
            ['REQUEST', 'HOOK', 'SENT', 'STATUS', 'VERDICT', 'TEXT'],
            invocations.map((i) => [i.id, i.hook, i.sent_at, i.status, i.verdict ?? '-', i.text ?? '']),
          ) || 'no consultations yet',
        ].join('\n'),
      );
    });
  plugin
    .command('add')
    .description(
      'create RIG/plugins/NAME (instructions.md, plugin.json); --example merge-oracle starts from the shipped one',
    )
    .argument('<rig>', 'rig name')
    .argument('<name>', 'plugin name')
    .option('--hook <point>', `a hook point it answers (${HOOK_POINTS.join(', ')}); repeatable`, collect, [])
    .option('--agent <preset>', 'agent preset of its session (default: the rig default_agent)')
    .option('--timeout <duration>', 'how long a hook point waits for its verdict (default 2m)')
    .option('--description <text>', 'one line about it')
    .option('--instructions <file>', 'copy this file as its instructions')
    .option('--example <name>', 'start from a shipped example plugin (merge-oracle)')
    .action(
      async (
        rig: string,
        name: string,
        o: {
          hook: string[];
          agent?: string;
          timeout?: string;
          description?: string;
          instructions?: string;
          example?: string;
        },
      ) => {
        const p = await addPlugin(ctx.town(), { rig, name, hooks: o.hook, ...o });
        ctx.print(
          p,
          () => `added plugin ${p.rig}/${p.name} at ${p.dir} (hooks: ${p.config.hooks.join(', ') || 'none'})`,
        );
      },
    );
  plugin
    .command('answer')
    .description(
      'answer a plugin request with a verdict (run by the plugin agent, or by you to release a hold)',
    )
    .argument('<request>', 'the request mail id')
    .argument('<verdict>', 'proceed, hold or escalate')
    .option('--text <text>', 'why (one or two sentences)', '')
    .action(async (request: string, verdict: string, o: { text: string }) => {
      const m = await answerRequest(ctx.town(), request, verdict, o.text);
      ctx.print(m, () => `${verdict} sent to ${m.assignee} (${m.id})`);
    });
};
