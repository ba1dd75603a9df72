import { OverseerError } from '../core/errors.js';
import { sanitizeLine } from '../core/sanitize.js';
import { EMERGENCY_REASON, type StopScope } from '../polecats/emergency-stop.js';
import { type PolecatRef, polecatRef } from '../polecats/resolve.js';
import { readPolecats } from '../town/polecat-state.js';
import type { Tmux } from '../runtime/tmux.js';
import { townServer } from '../runtime/town-tmux.js';
import { restartPolecatSession } from './session-start.js';
import { updateWitnessEntry } from './witness-state.js';

/**
 * The operator restarts a polecat: a fresh session of its agent in its kept
 * worktree, with the prompt and a note on why (a stop, a stuck
 * session, or feedback such as failing tests). The witness starts counting
 * nudges afresh. A polecat that finished (`done`) is not restarted: its work
 * is in the merge queue.
 */
export async function restartPolecat(
  ref: PolecatRef,
  opts: { tmux?: Tmux; env?: NodeJS.ProcessEnv; actor?: string; feedback?: string } = {},
): Promise<{ session: string; was: string }> {
  const { town, rig, name, state: p } = ref;
  if (p.state === 'done' && p.state_source === 'lifecycle' && opts.feedback === undefined)
    throw new OverseerError(
      'polecat-done',
      `polecat ${rig}/${name} is done: its branch ${p.branch} is in the merge queue; restart it only with feedback`,
    );
  const tmux = opts.tmux ?? ref.runner.tmux(townServer(town, opts.env));
  const was = `${p.state}: ${sanitizeLine(p.state_reason, 200)}`;
  const text = [
    `Your previous session ended or stalled (${was}).`,
    `Your worktree ${p.worktree} is as you left it: check \`git status\` and \`git log\`, then continue the issue.`,
    ...(opts.feedback ? ['', 'Feedback from the overseer:', opts.feedback.trim()] : []),
  ].join('\n');
  await restartPolecatSession(
    town,
    ref.runner,
    tmux,
    rig,
    name,
    { heading: 'Restarted by the overseer', text },
    opts.env,
  );
  await updateWitnessEntry(ref.paths, name, (e) => {
    const { last_nudge_at: _n, escalated_at: _e, ...rest } = e;
    return { ...rest, nudges: 0 };
  });
  await town.events.emit({
    kind: 'polecat.restarted',
    actor: opts.actor ?? 'overseer',
    rig,
    subject: `${rig}/${name}`,
    message: `fresh session ${p.session} for ${name} (was ${was})${opts.feedback ? ' with feedback' : ''}`,
  });
  return { session: p.session, was };
}

/** After an emergency stop: restart every polecat in scope that the stop ended. */
export async function respawnStopped(
  town: PolecatRef['town'],
  scope: StopScope,
  opts: { tmux?: Tmux; env?: NodeJS.ProcessEnv } = {},
): Promise<string[]> {
  const rigs = 'all' in scope ? town.rigNames() : [scope.rig];
  const out: string[] = [];
  for (const rig of rigs)
    for (const p of readPolecats(town.rigPaths(rig)).polecats) {
      if (p.state !== 'dead' || p.state_source !== 'operator' || !p.state_reason.includes(EMERGENCY_REASON))
        continue;
      await restartPolecat(polecatRef(town, p), opts);
      out.push(`${rig}/${p.name}`);
    }
  return out;
}
