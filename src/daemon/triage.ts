import { OverseerError } from '../core/errors.js';
import { sanitize, sanitizeLine } from '../core/sanitize.js';
import { tail } from './decide/common.js';
import { polecatRef } from '../polecats/resolve.js';
import { stopPolecat } from '../polecats/session-ops.js';
import { spawnPolecat } from '../polecats/spawn.js';
import { rejectMergeRequest } from '../refinery/queue-ops.js';
import type { Runner } from '../runtime/runner.js';
import { readMail } from '../town/mail.js';
import { type MergeRequest, isMergeRequest } from '../town/merge-requests.js';
import { readPolecat } from '../town/polecat-state.js';
import type { Bead } from '../town/schemas/bead.js';
import { polecatOfAddress } from '../town/schemas/polecat.js';
import type { Town } from '../town/town.js';
import type { EscalationFields } from './attention.js';
import { restartPolecat } from './restart.js';

/**
 * Operator triage on attention items that needs more than one library call:
 * respawn after failed tests with the failure as feedback, and reassigning
 * an escalated issue to another preset or tier. The CLI palette and the
 * cockpit's keys both come here.
 */

function failedRequest(town: Town, id: string): MergeRequest {
  const b = town.beadsFor(id).get(id);
  if (!b || !isMergeRequest(b))
    throw new OverseerError('unknown-mr', `no merge request ${JSON.stringify(id)}`);
  if (b.mr.state !== 'failed')
    throw new OverseerError('bad-mr-state', `merge request ${id} is ${b.mr.state}, not failed`);
  return b;
}

/** The feedback a respawned worker gets: which request failed, and the test output's tail. */
export function failureFeedback(mr: MergeRequest): string {
  const out = mr.mr.test_output_tail ?? mr.mr.history.at(-1)?.reason ?? 'tests failed';
  return [
    `The merge queue's tests failed on branch ${mr.mr.branch} (${mr.id}). Test output (tail):`,
    tail(sanitize(out)),
    '',
    'Fix what makes them fail, commit, and run `overseer done` again.',
  ].join('\n');
}

/**
 * Failed tests → the worker again, with the failure as feedback: the failed
 * request is closed (rejected, superseded), then its polecat restarts in its
 * kept worktree, or, when it is gone, a new polecat takes the issue.
 */
export async function respawnWithFeedback(
  town: Town,
  runner: Runner,
  mrId: string,
  opts: { env?: NodeJS.ProcessEnv } = {},
): Promise<string> {
  const mr = failedRequest(town, mrId);
  const feedback = failureFeedback(mr);
  const name = polecatOfAddress(mr.mr.worker);
  const state = name ? readPolecat(town.rigPaths(mr.mr.rig), name) : undefined;
  const who = state ? `${mr.mr.rig}/${state.name}` : `a new polecat on ${mr.mr.source_issue}`;
  await rejectMergeRequest(
    town,
    mr.id,
    `superseded: ${who} works on it again with the test failure as feedback`,
  );
  if (state) {
    await restartPolecat(polecatRef(town, state), { feedback, env: opts.env });
    return `${who} restarted with the test failure as feedback`;
  }
  const r = await spawnPolecat(town, { issue: mr.mr.source_issue, feedback, runner, env: opts.env });
  return `spawned ${r.polecat.rig}/${r.polecat.name} on ${mr.mr.source_issue} with the test failure as feedback`;
}

export type Assignee = { preset: string; model?: string; label: string };

/**
 * An escalated issue to another preset (or a chain tier's preset and
 * model): the polecat that holds it is stopped (its worktree kept), a new
 * one starts with the escalation as feedback, and the escalation mail is
 * marked read.
 */
export async function reassignEscalation(
  town: Town,
  runner: Runner,
  mailId: string,
  to: Assignee,
  opts: { env?: NodeJS.ProcessEnv } = {},
): Promise<string> {
  const mail = town.townBeads.get(mailId) as (Bead & { escalation?: EscalationFields }) | undefined;
  const f = mail?.escalation;
  if (!mail || !f)
    throw new OverseerError('unknown-escalation', `no escalation mail ${JSON.stringify(mailId)}`);
  if (!f.issue) throw new OverseerError('no-issue', `escalation ${mailId} names no issue to reassign`);
  if (f.rig && f.polecat) {
    const p = readPolecat(town.rigPaths(f.rig), f.polecat);
    if (p && p.issue === f.issue && p.state !== 'dead' && p.state !== 'done')
      await stopPolecat(polecatRef(town, p), { actor: 'overseer (reassign)' });
  }
  const feedback = `This issue was escalated (${sanitizeLine(mail.title, 200)}): ${sanitizeLine(f.reason, 400)}\n\n${sanitize(mail.description).trim()}`;
  const r = await spawnPolecat(town, {
    issue: f.issue,
    agent: to.preset,
    ...(to.model ? { model: to.model } : {}),
    feedback,
    runner,
    env: opts.env,
  });
  await readMail(town, mailId);
  return `${f.issue} reassigned to ${to.label}: ${r.polecat.rig}/${r.polecat.name}`;
}
