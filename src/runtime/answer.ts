import type { Tmux } from './tmux.js';

export type AnswerOptions = {
  /** Does this pane text show the question (the preset's waiting patterns)? */
  promptShown: (paneTail: string) => boolean;
  /** Lines of the pane to read for that. Default 40. */
  lines?: number;
  /** How long to wait for the question to go. Default 3000 ms. */
  verifyTimeoutMs?: number;
  pollMs?: number;
  /** Pause between keys, so a TUI reads Esc then 1 as two keys, not Alt-1. Default 60 ms. */
  gapMs?: number;
};

export type AnswerResult = {
  /** The question went away (or, when none was shown, the pane reacted). */
  answered: boolean;
  /** A question was on screen before the keys were sent. */
  promptWasShown: boolean;
  detail: string;
};

export type AnswerTmux = Pick<Tmux, 'sendKeys' | 'capturePane' | 'paneDead' | 'paneCursor'>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Send tmux keys to a pane one at a time and check the effect: when a
 * question was shown, that it is gone within the timeout; otherwise that the
 * pane changed at all (as a nudge is checked). Nothing is retried: a key
 * pressed twice could answer the next question.
 */
export async function deliverAnswer(
  tmux: AnswerTmux,
  session: string,
  keys: readonly string[],
  opts: AnswerOptions,
): Promise<AnswerResult> {
  const lines = opts.lines ?? 40;
  const timeoutMs = opts.verifyTimeoutMs ?? 3000;
  const pollMs = opts.pollMs ?? 50;
  if (await tmux.paneDead(session))
    return {
      answered: false,
      promptWasShown: false,
      detail: `the pane of session "${session}" is dead (its command exited)`,
    };
  const read = () => tmux.capturePane(session, { lines });
  // The cursor too: a key that only moves it (Enter on an empty line) is still a reaction.
  const look = async () => {
    const [text, c] = await Promise.all([read(), tmux.paneCursor(session)]);
    return { text, at: `${c.x},${c.y}` };
  };
  const before = await look();
  const promptWasShown = opts.promptShown(before.text);
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) await sleep(opts.gapMs ?? 60);
    await tmux.sendKeys(session, [keys[i]!]);
  }
  const sent = keys.join(' ');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await look();
    if (promptWasShown ? !opts.promptShown(now.text) : now.text !== before.text || now.at !== before.at)
      return {
        answered: true,
        promptWasShown,
        detail: promptWasShown
          ? `sent ${sent}; the question went away`
          : `sent ${sent}; no question was shown, the pane changed`,
      };
    if (Date.now() >= deadline) break;
    await sleep(pollMs);
  }
  return {
    answered: false,
    promptWasShown,
    detail: promptWasShown
      ? `sent ${sent}; the question is still shown after ${timeoutMs} ms`
      : `sent ${sent}; no question was shown and the pane did not change in ${timeoutMs} ms`,
  };
}
