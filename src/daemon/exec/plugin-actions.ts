import { ensurePluginSession, nudgePlugin } from '../../plugins/session.js';
import { readMail, sendMail } from '../../town/mail.js';
import { transitionMergeRequest } from '../../town/merge-requests.js';
import type { HookPoint } from '../../town/schemas/plugin.js';
import { readPlugin, updatePluginRuntime } from '../../town/plugins.js';
import { pluginAddress } from '../../town/schemas/plugin.js';
import { sendEscalation } from '../escalate.js';
import type { ActionOf, ExecContext } from './context.js';

/**
 * Plugin actions: ask a plugin (request mail, its session started or
 * nudged, the consultation recorded with its deadline), record its verdict
 * (and escalate to the overseer when it says so), record a timeout.
 */

export async function invokePlugin(
  cx: ExecContext,
  a: ActionOf<'plugin-invoke'>,
  now: number,
): Promise<string> {
  const { town, tmux } = cx;
  const paths = town.rigPaths(a.rig);
  const plugin = readPlugin(paths, a.plugin);
  const msg = await sendMail(town, {
    to: pluginAddress(a.rig, a.plugin),
    from: a.from,
    subject: a.subject,
    body: a.body,
    labels: ['plugin-request', `hook:${a.hook}`],
  });
  await updatePluginRuntime(paths, a.plugin, (list) => [
    ...list,
    {
      id: msg.id,
      hook: a.hook,
      key: a.key,
      sent_at: new Date(now).toISOString(),
      deadline: new Date(now + a.timeoutMs).toISOString(),
      status: 'pending',
      seen: [],
    },
  ]);
  let session = '';
  try {
    const s = await ensurePluginSession(town, cx.runner, tmux, plugin, cx.env);
    session = s.started
      ? `started session ${s.session}`
      : (await nudgePlugin(tmux, s.session, msg.id, a.hook))
        ? `nudged ${s.session}`
        : `${s.session} not reached (it reads its mail when it looks)`;
  } catch (e) {
    session = `no session: ${e instanceof Error ? e.message : String(e)}`;
  }
  return `request ${msg.id} to ${a.plugin}, deadline in ${Math.round(a.timeoutMs / 1000)}s; ${session}`;
}

export async function recordVerdict(
  cx: ExecContext,
  a: ActionOf<'plugin-verdict'>,
  now: number,
): Promise<string> {
  const { town } = cx;
  const at = new Date(now).toISOString();
  await updatePluginRuntime(town.rigPaths(a.rig), a.plugin, (list) =>
    list.map((i) =>
      i.id === a.invocation
        ? {
            ...i,
            status: 'answered',
            verdict: a.verdict,
            text: a.text,
            answered_at: at,
            seen: [...i.seen, a.mail],
          }
        : i,
    ),
  );
  await readMail(town, a.mail).catch(() => undefined);
  await noteQueue(cx, a.hook, a.key, `plugin ${a.plugin}: ${a.verdict}${a.text ? ` (${a.text})` : ''}`);
  if (a.verdict !== 'escalate') return a.verdict;
  const sent = await sendEscalation(town, {
    to: ['overseer'],
    from: pluginAddress(a.rig, a.plugin),
    subject: `plugin ${a.rig}/${a.plugin} escalates ${a.hook}`,
    body: `${a.text || '(no text)'}\n\nThe step waits. Release it with: overseer plugin answer ${a.invocation} proceed --text "why"`,
    fields: { rig: a.rig, about: 'plugin', reason: a.text || `${a.hook} escalated` },
  });
  return `escalated to the overseer (${sent.map((m) => m.id).join(', ')})`;
}

export async function recordTimeout(cx: ExecContext, a: ActionOf<'plugin-timeout'>): Promise<string> {
  await updatePluginRuntime(cx.town.rigPaths(a.rig), a.plugin, (list) =>
    list.map((i) => (i.id === a.invocation && i.status === 'pending' ? { ...i, status: 'timed-out' } : i)),
  );
  await noteQueue(cx, a.hook, a.key, `plugin ${a.plugin} gave no verdict in time: proceeding without it`);
  return 'timed out: proceeding';
}

/** The merge requests a before-merge or mr-ready consultation was about get the outcome in their history. */
async function noteQueue(cx: ExecContext, hook: HookPoint, key: string, reason: string): Promise<void> {
  if (hook !== 'before-merge' && hook !== 'mr-ready') return;
  for (const id of key.split(',').filter(Boolean))
    await transitionMergeRequest(cx.town, id, 'queued', reason, {}, { from: ['queued'] }).catch(
      () => undefined,
    );
}
