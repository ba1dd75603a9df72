import { join } from 'node:path';
import { OverseerError } from '../core/errors.js';
import { withLock } from '../core/lock.js';
import { nowIso } from '../core/time.js';
import { sendMail } from '../town/mail.js';
import {
  createMergeRequest,
  listMergeRequests,
  transitionMergeRequest,
  type MergeRequest,
} from '../town/merge-requests.js';
import { baseRef, commitsAhead, dirtyFiles } from '../runtime/worktree.js';
import type { PolecatRef } from './resolve.js';
import { canonicalWithBranch } from './outpost/fetch-back.js';
import { updatePolecat } from '../town/polecat-state.js';
import { polecatAddress } from '../town/schemas/polecat.js';

export type DoneResult = {
  mr: MergeRequest;
  /** created: a new request; updated: a queued request now points at new commits; unchanged: already queued. */
  outcome: 'created' | 'updated' | 'unchanged';
  commits: number;
};

/**
 * `overseer done`, run by the agent in its worktree: refuse a dirty tree or
 * a branch with nothing new; otherwise queue a merge request, mark the
 * polecat done and mail the witness. Serialised per polecat and idempotent:
 * running it again without new commits finds the open request and changes
 * nothing.
 */
export async function polecatDone(ref: PolecatRef): Promise<DoneResult> {
  const { town, rig, name, paths, state } = ref;
  const worktree = state.worktree;
  const work = ref.runner.git(worktree);
  const dirty = await dirtyFiles(work);
  if (dirty.length > 0) {
    throw new OverseerError(
      'dirty-worktree',
      `uncommitted changes in ${worktree}:\n${dirty.map((f) => `  ${f}`).join('\n')}\ncommit them (or remove them), then run \`overseer done\` again`,
    );
  }
  const config = town.rig(rig);
  // On an outpost the branch is fetched back into the canonical clone first: the refinery lands it from there.
  const canonical = await canonicalWithBranch(town, ref.runner, rig, state.branch);
  const remote = ref.runner.host !== 'local';
  const repo = remote ? canonical : work;
  const tip = remote ? `refs/heads/${state.branch}` : 'HEAD';
  const base = await baseRef(canonical, config.default_branch);
  const ahead = await commitsAhead(repo, base, tip);
  if (ahead.length === 0) {
    throw new OverseerError(
      'nothing-to-merge',
      `branch ${state.branch} has no commit ahead of ${config.default_branch}: commit your work, then run \`overseer done\` again`,
    );
  }
  const head = (await repo.tryRev(tip))!;

  return withLock(join(paths.polecatStateDir, `${name}.done`), async () => {
    // This polecat's requests only: an earlier polecat of the same name had the same branch.
    const open = listMergeRequests(town, rig).filter(
      (m) =>
        m.mr.branch === state.branch &&
        m.mr.source_issue === state.issue &&
        (m.mr.state === 'queued' || m.mr.state === 'testing'),
    );
    let mr: MergeRequest;
    let outcome: DoneResult['outcome'];
    const same = open.find((m) => m.mr.head === head);
    if (same) {
      mr = same;
      outcome = 'unchanged';
    } else if (open.some((m) => m.mr.state === 'testing')) {
      const testing = open.find((m) => m.mr.state === 'testing')!;
      throw new OverseerError(
        'mr-testing',
        `merge request ${testing.id} for ${state.branch} is being tested right now; run \`overseer done\` again when it finishes`,
      );
    } else if (open.length > 0) {
      mr = await transitionMergeRequest(
        town,
        open[0]!.id,
        'queued',
        `new commits from ${name} (head ${head.slice(0, 8)})`,
        { head },
        { from: ['queued'] },
      );
      outcome = 'updated';
    } else {
      mr = await createMergeRequest(town, {
        rig,
        branch: state.branch,
        sourceIssue: state.issue,
        worker: polecatAddress(rig, name),
        head,
      });
      outcome = 'created';
    }
    await updatePolecat(paths, name, (p) => ({
      ...p,
      state: 'done',
      state_source: 'lifecycle',
      state_reason: `done: merge request ${mr.id} ${mr.mr.state}`,
      state_since: p.state === 'done' ? p.state_since : nowIso(),
    }));
    if (outcome !== 'unchanged') {
      await sendMail(town, {
        to: `${rig}/witness`,
        from: polecatAddress(rig, name),
        subject: `Done: ${name} finished ${state.issue}`,
        body: [
          `Polecat ${name} finished ${state.issue} and asks to be shut down.`,
          `Merge request: ${mr.id} (${outcome}), branch ${state.branch}, head ${head.slice(0, 12)}, ${ahead.length} commit(s).`,
        ].join('\n'),
        labels: ['shutdown-request'],
      });
      await town.events.emit({
        kind: 'polecat.done',
        actor: polecatAddress(rig, name),
        rig,
        subject: mr.id,
        message: `${name} finished ${state.issue}: merge request ${mr.id} ${outcome}`,
        data: { issue: state.issue, branch: state.branch, head, mr: mr.id },
      });
    }
    return { mr, outcome, commits: ahead.length };
  });
}
