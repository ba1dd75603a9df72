import type { Bead } from '../town/schemas/bead.js';
import type { PluginInfo } from '../town/plugins.js';
import {
  type HookPoint,
  type Invocation,
  type Verdict,
  pluginAddress,
  verdictOf,
} from '../town/schemas/plugin.js';

/**
 * A hook point's gate, pure: may the step go ahead, given the plugins that
 * answer this hook, their consultations and the verdict mails? Each plugin
 * is asked once per key (a request mail); it answers by replying with
 * proceed, hold or escalate (the latest reply counts, so a hold can be
 * released); the overseer may answer in its place. With no verdict by the
 * deadline the step proceeds, and that is recorded.
 */

export type GateNeed =
  | { kind: 'invoke'; plugin: PluginInfo }
  | {
      kind: 'verdict';
      plugin: PluginInfo;
      invocation: Invocation;
      mail: Bead;
      verdict: Verdict;
      text: string;
    }
  | { kind: 'timeout'; plugin: PluginInfo; invocation: Invocation };

export type Gate = {
  open: boolean;
  /** Why (for logs and status): "held by merge-oracle: ...", "no verdict from merge-oracle in 2m: proceeding". */
  reason: string;
  /** What the daemon must do for this gate now: ask a plugin, record a verdict or a timeout. */
  needs: GateNeed[];
};

/** Plugins of a rig that answer `hook` (and are usable). */
export function answering(plugins: readonly PluginInfo[], hook: HookPoint): PluginInfo[] {
  return plugins.filter((p) => !p.problem && p.config.hooks.includes(hook));
}

/** The latest verdict mail replying to a request, from the plugin or the overseer. */
export function latestVerdict(
  mail: ReadonlyMap<string, Bead>,
  plugin: PluginInfo,
  requestId: string,
): { mail: Bead; verdict: Verdict; text: string } | undefined {
  const from = pluginAddress(plugin.rig, plugin.name);
  let best: { mail: Bead; verdict: Verdict; text: string } | undefined;
  for (const m of mail.values()) {
    if (m.issue_type !== 'message' || m.reply_to !== requestId) continue;
    if (m.sender !== from && m.sender !== 'overseer') continue;
    const v = verdictOf(m.title);
    if (!v) continue;
    if (
      !best ||
      m.created_at > best.mail.created_at ||
      (m.created_at === best.mail.created_at && m.id > best.mail.id)
    )
      best = { mail: m, verdict: v.verdict, text: v.text || m.description.trim().split('\n')[0] || '' };
  }
  return best;
}

export function gate(
  plugins: readonly PluginInfo[],
  hook: HookPoint,
  key: string,
  mail: ReadonlyMap<string, Bead>,
  now: number,
  /** At worker-stuck an escalate verdict is what the step does anyway: it opens the gate. */
  opts: { escalateOpens?: boolean } = {},
): Gate {
  const asked = answering(plugins, hook);
  if (asked.length === 0) return { open: true, reason: 'no plugin answers this hook', needs: [] };
  const needs: GateNeed[] = [];
  const closed: string[] = [];
  const notes: string[] = [];
  for (const p of asked) {
    const inv = [...(p.runtime?.invocations ?? [])].reverse().find((i) => i.hook === hook && i.key === key);
    if (!inv) {
      needs.push({ kind: 'invoke', plugin: p });
      closed.push(`asking plugin ${p.name}`);
      continue;
    }
    const v = latestVerdict(mail, p, inv.id);
    if (v) {
      if (!inv.seen.includes(v.mail.id)) needs.push({ kind: 'verdict', plugin: p, invocation: inv, ...v });
      if (v.verdict === 'proceed' || (v.verdict === 'escalate' && opts.escalateOpens))
        notes.push(`${p.name}: ${v.verdict}${v.text ? ` (${v.text})` : ''}`);
      else
        closed.push(
          `${v.verdict === 'hold' ? 'held' : 'escalated'} by plugin ${p.name}${v.text ? `: ${v.text}` : ''}`,
        );
      continue;
    }
    const deadline = Date.parse(inv.deadline);
    if (now >= deadline) {
      if (inv.status !== 'timed-out') needs.push({ kind: 'timeout', plugin: p, invocation: inv });
      notes.push(`no verdict from plugin ${p.name} by ${inv.deadline}: proceeding`);
      continue;
    }
    closed.push(`waiting for plugin ${p.name}'s verdict (${Math.ceil((deadline - now) / 1000)}s left)`);
  }
  return closed.length > 0
    ? { open: false, reason: closed.join('; '), needs }
    : { open: true, reason: notes.join('; '), needs };
}
