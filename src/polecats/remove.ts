import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { OverseerError } from '../core/errors.js';
import { sanitizeLine } from '../core/sanitize.js';
import { removePolecatState } from '../town/polecat-state.js';
import type { Tmux } from '../runtime/tmux.js';
import { polecatSession, townServer } from '../runtime/town-tmux.js';
import { deleteBranch, removeWorktree } from '../runtime/worktree.js';
import { endPolecatSession } from './end-session.js';
import { polecatBranch } from '../town/schemas/polecat.js';
import type { PolecatRef } from './resolve.js';
import { runnerFor } from '../runtime/hosts.js';
import { expectedWorktree, mirrorOf, onHost } from './outpost/fetch-back.js';
import { verifyPolecatClean, type CleanVerdict } from './verify.js';

/**
 * `polecat rm`: verify first, then end the session, verify again (the
 * agent may have written until it ended), and remove worktree, branch,
 * prompt and state file. When anything would be lost it refuses, listing
 * exactly what, and removes nothing.
 */
export async function removePolecat(
  ref: PolecatRef,
  opts: { tmux?: Tmux; actor?: string } = {},
): Promise<CleanVerdict> {
  const { town, rig, name, paths, state } = ref;
  assertOwnPieces(ref);
  const target = { rig, polecat: name, worktree: state.worktree, branch: state.branch };
  const refuse = (v: CleanVerdict, why: string, after: string) =>
    new OverseerError(
      'would-lose-work',
      `refusing to remove polecat ${rig}/${name}${onHost(ref.runner)}${why}; this would be lost:\n${v.losses.map((l) => `  ${sanitizeLine(l, 200)}`).join('\n')}`,
      {
        hint: `commit and run \`overseer done\` in ${state.worktree}, or push ${state.branch}; ${after}`,
      },
    );
  const first = await verifyPolecatClean(ref.runner, town, target);
  if (!first.clean) throw refuse(first, '', 'nothing was removed');
  // A given tmux is this machine's server; a polecat on an outpost has its own there.
  const tmux = (ref.runner.host === 'local' ? opts.tmux : undefined) ?? ref.runner.tmux(townServer(town));
  await endPolecatSession(town, ref.runner, tmux, state);
  // The agent could write until its session ended: verify again right before removing.
  const verdict = await verifyPolecatClean(ref.runner, town, target, {
    fetch: false,
    trustRemotes: first.originReachable !== false,
  });
  if (!verdict.clean)
    throw refuse(
      verdict,
      ' (its worktree changed while its session was ending)',
      `session ${state.session} was ended; the worktree, branch and state were kept`,
    );
  const mirror = mirrorOf(ref.runner, rig);
  const canonical = (mirror ? runnerFor(town) : ref.runner).git(paths.canonicalClone);
  await removeWorktree(mirror ?? canonical, state.worktree);
  if (mirror) await deleteBranch(mirror, state.branch);
  await deleteBranch(canonical, state.branch);
  // Only the prompt file spawn writes is ours to delete, whatever path the state file names.
  const promptFile = resolve(paths.runtimeDir, 'prompts', `${name}.md`);
  rmSync(promptFile, { force: true });
  const foreignPrompt =
    state.prompt_file && resolve(state.prompt_file) !== promptFile ? state.prompt_file : undefined;
  removePolecatState(paths, name);
  await town.events.emit({
    kind: 'polecat.removed',
    actor: opts.actor ?? 'overseer',
    rig,
    subject: `${rig}/${name}`,
    message: `removed polecat ${name}: worktree and branch ${state.branch} held nothing unlanded${verdict.mergedBy ? ` (merged by ${verdict.mergedBy})` : ''}${foreignPrompt ? `; left prompt_file ${sanitizeLine(foreignPrompt, 200)} alone (outside ${join(paths.runtimeDir, 'prompts')})` : ''}`,
  });
  return verdict;
}

/**
 * A state file names the branch, worktree and session that removal acts on:
 * refuse unless they are the ones spawn gives this polecat, so a damaged or
 * hand-edited file cannot point removal at other work.
 */
export function assertOwnPieces(ref: PolecatRef): void {
  const { town, rig, name, paths, state } = ref;
  const expected: [keyof typeof state & string, string | undefined, string][] = [
    ['branch', state.branch, polecatBranch(name)],
    ['worktree', state.worktree && resolve(state.worktree), expectedWorktree(town, ref.runner, rig, name)],
    ['session', state.session, polecatSession(town.rig(rig).beads.prefix, name)],
  ];
  for (const [field, got, want] of expected) {
    if (got !== want)
      throw new OverseerError(
        'bad-state',
        `${paths.polecatState(name)}: field ${field} is ${JSON.stringify(sanitizeLine(String(state[field]), 200))}, expected ${JSON.stringify(want)} for polecat ${name}; refusing to remove anything`,
        { hint: `fix the field by hand, or remove the state file if the polecat's pieces are gone` },
      );
  }
}
