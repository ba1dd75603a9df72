import { sanitizeLine } from '../core/sanitize.js';
import { orderQueue } from '../refinery/order.js';
import type { MergeRequest } from '../town/merge-requests.js';
import type { Bead } from '../town/schemas/bead.js';
import type { OracleFile } from '../town/schemas/oracle.js';
import type { PolecatState } from '../town/schemas/polecat.js';
import type { HookPoint } from '../town/schemas/plugin.js';

/**
 * The mail a plugin gets at a hook point, pure: the relevant state as text
 * (the queue with the built-in oracle's order and overlaps, the issue about
 * to be dispatched, the stuck worker), and who waits for the verdict.
 */

export type HookRequest = { hook: HookPoint; key: string; from: string; subject: string; body: string };

type RigView = { name: string; issues: ReadonlyMap<string, Bead>; oracle?: OracleFile };

const title = (rig: RigView, id: string) => sanitizeLine(rig.issues.get(id)?.title ?? '', 120);

function filesOf(rig: RigView, branch: string): string {
  const files = rig.oracle?.branches[branch]?.files ?? [];
  if (files.length === 0) return 'files: (not known to the oracle yet)';
  const shown = files.slice(0, 8).map((f) => `${f.path} (+${f.added} −${f.removed})`);
  return `files: ${shown.join(', ')}${files.length > 8 ? `, … (${files.length} in all)` : ''}`;
}

const VERDICT_HELP = [
  '',
  'Answer with: overseer plugin answer <this mail id> proceed|hold|escalate --text "why"',
];

export function beforeMergeRequest(rig: RigView, queued: readonly MergeRequest[]): HookRequest {
  const placed = orderQueue({ queued, pairs: rig.oracle?.pairs ?? [] });
  const main = rig.oracle?.main.ref.replace(/^refs\/(heads|remotes)\//, '') ?? 'main';
  const lines = [
    `The refinery of rig ${rig.name} is about to process ${queued.length} queued merge request(s).`,
    `The built-in merge oracle would land them in this order (the fallback if you do not answer):`,
    '',
    ...placed.flatMap((p, i) => [
      `${i + 1}. ${p.mr.id} P${p.mr.priority} ${p.mr.mr.branch} (${p.mr.mr.source_issue}: ${title(rig, p.mr.mr.source_issue)})`,
      `   ${filesOf(rig, p.mr.mr.branch)}`,
      `   why here: ${p.note}`,
    ]),
    '',
    'Overlapping pairs (overseer overlaps --rig ' + rig.name + '):',
    ...(rig.oracle?.pairs.length
      ? rig.oracle.pairs.map((p) => `  - ${p.class}: ${sanitizeLine(p.summary, 300)}`)
      : ['  (none)']),
    '',
    `Read a request's change with: git diff ${main}...BRANCH`,
    'proceed: process the queue now; hold: leave it queued until you answer proceed; escalate: hold and ask the overseer.',
    ...VERDICT_HELP,
  ];
  return {
    hook: 'before-merge',
    key: queued
      .map((m) => m.id)
      .sort()
      .join(','),
    from: `${rig.name}/refinery`,
    subject: `before-merge: ${queued.length} queued in ${rig.name}`,
    body: lines.join('\n'),
  };
}

export function mrReadyRequest(rig: RigView, mr: MergeRequest): HookRequest {
  const pairs = (rig.oracle?.pairs ?? []).filter((p) => p.a === mr.mr.branch || p.b === mr.mr.branch);
  return {
    hook: 'mr-ready',
    key: mr.id,
    from: `${rig.name}/refinery`,
    subject: `mr-ready: ${mr.id} (${mr.mr.branch})`,
    body: [
      `Merge request ${mr.id} is queued: ${mr.mr.branch} by ${mr.mr.worker}, for ${mr.mr.source_issue}: ${title(rig, mr.mr.source_issue)}.`,
      filesOf(rig, mr.mr.branch),
      ...(pairs.length
        ? ['It overlaps:', ...pairs.map((p) => `  - ${p.class}: ${sanitizeLine(p.summary, 300)}`)]
        : ['It overlaps no other live branch.']),
      'proceed: it may be processed; hold: the refinery skips it until you answer proceed.',
      ...VERDICT_HELP,
    ].join('\n'),
  };
}

export function beforeDispatchRequest(rig: RigView, issue: Bead, live: readonly PolecatState[]): HookRequest {
  return {
    hook: 'before-dispatch',
    key: issue.id,
    from: `${rig.name}/witness`,
    subject: `before-dispatch: ${issue.id}`,
    body: [
      `The dispatcher is about to start a polecat on ${issue.id} (P${issue.priority}, ${issue.issue_type}): ${sanitizeLine(issue.title, 200)}`,
      `Labels: ${issue.labels.map((l) => sanitizeLine(l, 40)).join(', ') || '(none)'}`,
      '',
      sanitizeLine(issue.description, 1500) || '(no description)',
      '',
      `Polecats at work in ${rig.name}: ${live.map((p) => `${p.name} on ${p.issue}`).join(', ') || '(none)'}`,
      'proceed: dispatch it; hold: not now (ask again by answering proceed later).',
      ...VERDICT_HELP,
    ].join('\n'),
  };
}

export function workerStuckRequest(rig: RigView, p: PolecatState, why: string): HookRequest {
  return {
    hook: 'worker-stuck',
    key: `${p.name}:${p.issue}`,
    from: `${rig.name}/witness`,
    subject: `worker-stuck: ${p.name} on ${p.issue}`,
    body: [
      `Polecat ${p.name} (${p.agent}) on ${p.issue}: ${title(rig, p.issue)} looks stuck: ${sanitizeLine(why, 300)}`,
      `State: ${p.state} since ${p.state_since} (${sanitizeLine(p.state_reason, 200)}); session ${p.session}.`,
      `Look at it with: overseer peek ${rig.name}/${p.name}`,
      'proceed: the witness escalates it as usual; hold: the witness leaves it to you; escalate: escalate now.',
      ...VERDICT_HELP,
    ].join('\n'),
  };
}
