import { OverseerError } from '../core/errors.js';
import { sanitizeLine } from '../core/sanitize.js';
import { resolvePolecat, type PolecatRef } from '../polecats/resolve.js';
import { nudgePolecat } from '../polecats/session-ops.js';
import { addDependency } from '../town/issues.js';
import { updatePolecat } from '../town/polecat-state.js';
import { sendMail } from '../town/mail.js';
import type { OraclePair } from '../town/schemas/oracle.js';
import { polecatAddress } from '../town/schemas/polecat.js';
import type { Town } from '../town/town.js';
import { ATTENTION_CLASSES } from './classify.js';
import { currentOverlaps, describeChange, type RigOverlaps } from './report.js';

/**
 * What the operator can do about an overlap from its attention item: tell
 * the later polecat what the other one changes (mail with the details plus
 * a one-line nudge), or make its issue wait for the other's landing (a
 * `blocks` dependency; the refinery holds its request until then). Pausing
 * one is `overseer stop`. Each records the pair as handled on the polecat's
 * state file, so the item leaves the queue until the overlap gets worse.
 */

type Target = { ref: PolecatRef; rig: RigOverlaps; pairs: OraclePair[] };

async function target(town: Town, polecat: string, other?: string): Promise<Target> {
  const ref = resolvePolecat(town, polecat);
  const [rig] = await currentOverlaps(town, ref.rig);
  const mine = rig!.pairs.filter((p) => p.a === ref.state.branch || p.b === ref.state.branch);
  const otherOf = (p: OraclePair) => (p.a === ref.state.branch ? p.owners[1] : p.owners[0]);
  let pairs = mine.filter((p) => ATTENTION_CLASSES.has(p.class));
  if (pairs.length === 0) pairs = mine;
  if (other !== undefined) pairs = pairs.filter((p) => otherOf(p) === other);
  if (pairs.length === 0) {
    throw new OverseerError(
      'no-overlap',
      `${ref.rig}/${ref.name} overlaps ${other ? `nothing of ${other}` : 'no other live branch'} (overseer overlaps --rig ${ref.rig})`,
    );
  }
  return { ref, rig: rig!, pairs };
}

async function acknowledge(t: Target): Promise<void> {
  await updatePolecat(t.ref.paths, t.ref.name, (p) => {
    const acks = { ...((p as { overlap_acks?: Record<string, string> }).overlap_acks ?? {}) };
    for (const pair of t.pairs) acks[pair.key] = pair.class;
    return { ...p, overlap_acks: acks };
  });
}

export type OverlapNudge = {
  polecat: string;
  others: string[];
  mail: string;
  delivered: boolean;
  detail: string;
};

/** Mail POLECAT what the overlapping branches change, and nudge it to read that mail. */
export async function nudgeAboutOverlap(town: Town, polecat: string, other?: string): Promise<OverlapNudge> {
  const t = await target(town, polecat, other);
  const { ref, rig, pairs } = t;
  const main = {
    name: town.rig(ref.rig).default_branch,
    ref: rig.main.ref.replace(/^refs\/(heads|remotes)\//, ''),
  };
  const body: string[] = [];
  const others: string[] = [];
  for (const p of pairs) {
    const otherBranch = p.a === ref.state.branch ? p.b : p.a;
    const o = rig.report.branches[otherBranch];
    const who = o?.owner ?? otherBranch;
    others.push(who);
    const issue = o?.issue ? town.beadsFor(o.issue).get(o.issue) : undefined;
    body.push(
      `${p.summary}.`,
      `${who} works on ${o?.issue ?? 'an issue'}${issue ? ` ("${sanitizeLine(issue.title, 200)}")` : ''} on ${otherBranch}; it changes:`,
      ...(o ? describeChange(otherBranch, o, new Set(p.files.map((f) => f.path)), main) : []),
      '',
    );
  }
  body.push(
    'Keep your change clear of those lines if you can, or make it fit with theirs. Whichever lands',
    'second must rebase onto main first; the refinery sends it back if it conflicts.',
  );
  const top = pairs[0]!;
  const msg = await sendMail(town, {
    to: polecatAddress(ref.rig, ref.name),
    from: 'overseer',
    subject: sanitizeLine(`Overlap with ${others.join(', ')}: ${top.files[0]?.path ?? 'shared files'}`, 200),
    body: body.join('\n'),
    labels: ['overlap', ...pairs.map((p) => `overlap:${p.key}`)],
  });
  const line = sanitizeLine(
    `Overseer: ${top.summary}. Read the details before you go on: overseer mail read ${msg.id}`,
    400,
  );
  const r = await nudgePolecat(ref, line, { from: 'overseer' }).catch((e: unknown) => ({
    delivered: false,
    detail: e instanceof Error ? e.message : String(e),
  }));
  await acknowledge(t);
  await town.events.emit({
    kind: 'overlap.nudged',
    actor: 'overseer',
    rig: ref.rig,
    subject: `${ref.rig}/${ref.name}`,
    message: `told ${ref.name} about ${others.join(', ')}: ${top.summary}`,
    data: { pairs: pairs.map((p) => p.key), mail: msg.id },
  });
  return {
    polecat: `${ref.rig}/${ref.name}`,
    others,
    mail: msg.id,
    delivered: r.delivered,
    detail: r.detail,
  };
}

/** Make POLECAT's issue wait for the issue of each branch it overlaps (`blocks`). */
export async function blockOnOverlap(
  town: Town,
  polecat: string,
  other?: string,
): Promise<{ polecat: string; waitsFor: string[] }> {
  const t = await target(town, polecat, other);
  const waitsFor: string[] = [];
  for (const p of t.pairs) {
    const otherBranch = p.a === t.ref.state.branch ? p.b : p.a;
    const issue = t.rig.report.branches[otherBranch]?.issue;
    if (!issue) throw new OverseerError('no-issue', `${otherBranch} has no issue to wait for`);
    await addDependency(town, t.ref.state.issue, issue, 'blocks');
    waitsFor.push(issue);
  }
  await acknowledge(t);
  await town.events.emit({
    kind: 'overlap.sequenced',
    actor: 'overseer',
    rig: t.ref.rig,
    subject: t.ref.state.issue,
    message: `${t.ref.state.issue} (${t.ref.name}) waits for ${waitsFor.join(', ')} to land`,
  });
  return { polecat: `${t.ref.rig}/${t.ref.name}`, waitsFor };
}
