import {
  beforeDispatchRequest,
  beforeMergeRequest,
  mrReadyRequest,
  workerStuckRequest,
  type HookRequest,
} from '../../plugins/hook-mail.js';
import { gate, type GateNeed } from '../../plugins/gate.js';
import { processable } from '../../refinery/decide.js';
import { isLive } from '../../town/schemas/polecat.js';
import type { HookPoint } from '../../town/schemas/plugin.js';
import type { Action } from '../actions.js';
import type { DaemonRig, DaemonSnapshot } from '../snapshot.js';
type Steps<S extends string> = { step: S; actions: Action[] }[];

/**
 * Hook points, pure: the tick's actions that a plugin answers for wait for
 * its verdict. Before merge processing and on a request ready (the
 * refinery), before dispatch (the dispatcher's spawns), on a worker stuck
 * (the witness's escalation). A held action is dropped this tick (and
 * decided again next tick); what the plugins need (a request mail, a
 * verdict or a timeout to record) comes first, as the `plugins` step.
 */
export function applyPluginHooks<S extends string>(
  snap: DaemonSnapshot,
  now: number,
  steps: Steps<S>,
): Steps<S | 'plugins'> {
  if (!snap.rigs.some((r) => r.plugins && r.plugins.length > 0)) return steps;
  const extra: Action[] = [];
  const asked = new Set<string>();
  const check = (rig: DaemonRig, hook: HookPoint, req: () => HookRequest, escalateOpens = false) => {
    const key = req().key;
    const g = gate(rig.plugins ?? [], hook, key, snap.townBeads, now, { escalateOpens });
    for (const n of g.needs) {
      const id = `${rig.name}/${n.plugin.name}/${hook}/${key}`;
      if (asked.has(id)) continue;
      asked.add(id);
      extra.push(needAction(rig, n, hook, req, g.reason));
    }
    return g;
  };
  const rigOf = (name: string) => snap.rigs.find((r) => r.name === name);
  const out: Steps<S> = steps.map(({ step, actions }) => ({
    step,
    actions: actions.flatMap((a): Action[] => {
      const rig = 'rig' in a ? rigOf(a.rig) : undefined;
      if (!rig?.plugins?.length) return [a];
      if (a.kind === 'refinery') {
        const queued = processable(rig.issues);
        if (queued.length === 0) return [a]; // recovery of an interrupted run never waits
        const held = queued
          .filter((m) => !check(rig, 'mr-ready', () => mrReadyRequest(rig, m)).open)
          .map((m) => m.id);
        const rest = queued.filter((m) => !held.includes(m.id));
        const busy = rig.refinery?.current !== undefined;
        if (rest.length === 0) return busy ? [{ ...a, skip: held }] : [];
        if (!check(rig, 'before-merge', () => beforeMergeRequest(rig, rest)).open) return [];
        return [held.length ? { ...a, skip: held } : a];
      }
      if (a.kind === 'spawn' && step === 'dispatcher') {
        const issue = rig.issues.get(a.issue);
        if (!issue) return [a];
        const live = rig.polecats.filter((p) => isLive(p.state));
        return check(rig, 'before-dispatch', () => beforeDispatchRequest(rig, issue, live)).open ? [a] : [];
      }
      if (a.kind === 'escalate' && a.about === 'stuck' && a.polecat) {
        const p = rig.polecats.find((x) => x.name === a.polecat);
        if (!p) return [a];
        return check(rig, 'worker-stuck', () => workerStuckRequest(rig, p, a.reason), true).open ? [a] : [];
      }
      return [a];
    }),
  }));
  return [{ step: 'plugins', actions: extra }, ...out];
}

function needAction(
  rig: DaemonRig,
  n: GateNeed,
  hook: HookPoint,
  req: () => HookRequest,
  why: string,
): Action {
  const plugin = n.plugin.name;
  if (n.kind === 'invoke') {
    const r = req();
    return {
      kind: 'plugin-invoke',
      rig: rig.name,
      plugin,
      hook,
      key: r.key,
      from: r.from,
      subject: r.subject,
      body: r.body,
      timeoutMs: n.plugin.config.timeout,
      reason: `${hook}: plugin ${plugin} answers this hook point`,
    };
  }
  if (n.kind === 'verdict')
    return {
      kind: 'plugin-verdict',
      rig: rig.name,
      plugin,
      hook,
      key: n.invocation.key,
      invocation: n.invocation.id,
      mail: n.mail.id,
      verdict: n.verdict,
      text: n.text,
      reason: `${hook}: plugin ${plugin} says ${n.verdict}${n.text ? `: ${n.text}` : ''}`,
    };
  return {
    kind: 'plugin-timeout',
    rig: rig.name,
    plugin,
    hook,
    key: n.invocation.key,
    invocation: n.invocation.id,
    reason: `${hook}: no verdict from plugin ${plugin} by ${n.invocation.deadline}; proceeding without it (${why})`,
  };
}
