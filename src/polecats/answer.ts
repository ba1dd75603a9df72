import { getPreset, loadAgentsConfig } from '../agents/presets.js';
import { readScreen } from '../agents/state/derive.js';
import { refreshPolecatStates } from '../agents/state/refresh.js';
import { compileRules } from '../agents/state/rules.js';
import { OverseerError } from '../core/errors.js';
import { ANSWER_KEYS_HELP, answerKeys } from '../runtime/answer-keys.js';
import { deliverAnswer, type AnswerOptions, type AnswerResult } from '../runtime/answer.js';
import type { Tmux } from '../runtime/tmux.js';
import { tmuxCall, townServer } from '../runtime/town-tmux.js';
import { nowIso } from '../core/time.js';
import type { WithHook } from '../agents/state/record.js';
import { updatePolecat } from '../town/polecat-state.js';
import type { PolecatRef } from './resolve.js';

/** `approve` and `deny` stand for the preset's sequences; anything else must be an answer key. */
export const ANSWER_WORDS = ['approve', 'deny'] as const;

/** Throws a usage error (exit 2) naming the first word that is neither a key nor approve/deny. */
export function checkAnswerWords(words: readonly string[]): void {
  if (words.length === 0) throw usage('no keys given');
  const r = answerKeys(words.filter((w) => !(ANSWER_WORDS as readonly string[]).includes(w)));
  if ('bad' in r) throw usage(`${JSON.stringify(r.bad)} is not a key answer sends`);
}

/** The key names an answer sends, or a usage error (exit 2) naming the bad one. */
export function answerKeyNames(ref: PolecatRef, words: readonly string[]): string[] {
  checkAnswerWords(words);
  const preset = getPreset(loadAgentsConfig(ref.town.paths.configDir), ref.state.agent);
  const names = words.flatMap((w) =>
    w === 'approve' ? preset.answers.approve : w === 'deny' ? preset.answers.deny : [w],
  );
  const r = answerKeys(names);
  if ('bad' in r) throw usage(`${JSON.stringify(r.bad)} is not a key answer sends`);
  return names;
}

function usage(why: string): OverseerError {
  return new OverseerError(
    'bad-key',
    `${why}; keys: ${ANSWER_KEYS_HELP}, or approve / deny (the preset's keys)`,
    {
      exitCode: 2,
    },
  );
}

export type PolecatAnswer = AnswerResult & { keys: string[] };

/**
 * Answer a polecat's question without attaching: send the keys (named, or
 * the preset's approve/deny sequence), then check that the question went
 * away, judged by the preset's waiting patterns. The polecat's state is
 * refreshed after (a hook's "waiting" replaced by the answer), so attention
 * clears at once.
 */
export async function answerPolecat(
  ref: PolecatRef,
  words: readonly string[],
  opts: Partial<Pick<AnswerOptions, 'verifyTimeoutMs' | 'pollMs' | 'gapMs'>> & {
    tmux?: Tmux;
    from?: string;
  } = {},
): Promise<PolecatAnswer> {
  const names = answerKeyNames(ref, words);
  const keys = (answerKeys(names) as { keys: string[] }).keys;
  const tmux = opts.tmux ?? ref.runner.tmux(townServer(ref.town));
  const { session } = ref.state;
  if (!(await tmuxCall(() => tmux.hasSession(session))))
    throw new OverseerError(
      'no-session',
      `polecat ${ref.rig}/${ref.name} has no tmux session (${session}); it is ${ref.state.state}: ${ref.state.state_reason}`,
    );
  const rules = compileRules(loadAgentsConfig(ref.town.paths.configDir).presets.get(ref.state.agent));
  const result = await tmuxCall(() =>
    deliverAnswer(tmux, session, keys, {
      ...opts,
      lines: Math.max(40, rules.tailLines * 3),
      promptShown: (tail) => readScreen(tail, rules)?.state === 'waiting',
    }),
  );
  await ref.town.events.emit({
    kind: 'polecat.answered',
    actor: opts.from ?? 'overseer',
    rig: ref.rig,
    subject: `${ref.rig}/${ref.name}`,
    message: `answered ${ref.name} with ${names.join(' ')}: ${result.answered ? 'the question went away' : 'NOT confirmed'} (${result.detail})`,
    data: { keys: names, answered: result.answered, prompt_was_shown: result.promptWasShown },
  });
  // A hook that said "waiting" (Claude's and Gemini's Notification) no longer describes the agent once
  // its question went away: the answer stands in for it, so the state leaves waiting at once.
  if (result.answered)
    await updatePolecat(ref.paths, ref.name, (p: WithHook) =>
      p.hook?.state === 'waiting'
        ? { ...p, hook: { event: 'answered', state: 'working' as const, at: nowIso() } }
        : undefined,
    ).catch(() => undefined);
  await refreshPolecatStates(ref.town, ref.rig, { tmux }).catch(() => undefined);
  return { ...result, keys: names };
}
