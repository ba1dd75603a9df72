import { sanitizeLine } from '../core/sanitize.js';
import type { Tmux } from './tmux.js';

export interface NudgeOptions {
  /** Enter attempts. Default 3. */
  retries?: number;
  /** How long each check waits for the pane to show the effect. Default 3000 ms. */
  verifyTimeoutMs?: number;
  /** Poll interval for those checks. Default 50 ms. */
  pollMs?: number;
  /** Most UTF-8 bytes typed as one line; a longer message is refused, never cut. Default MAX_TYPED_BYTES. */
  maxBytes?: number;
}

/**
 * A terminal in cooked mode holds 4,095 bytes in one input line and drops
 * the rest; TUIs fold big pastes into placeholders. A message longer than
 * this is not typed (callers that can, deliver it through a file instead).
 */
export const MAX_TYPED_BYTES = 3000;

export interface NudgeResult {
  delivered: boolean;
  /** Enter presses made (0 when nothing was sent). */
  attempts: number;
  detail: string;
}

/** The subset of Tmux a nudge needs. */
export type NudgeTmux = Pick<Tmux, 'sendLiteral' | 'sendEnter' | 'capturePane' | 'paneCursor' | 'paneDead'>;

const TAIL_CHARS = 40;
const CAPTURE_LINES = 200;

/** Compare text ignoring whitespace: wrapping (tmux's or a TUI's) moves it around. */
function squash(text: string): string {
  return text.replace(/\s+/g, '');
}

/** Pane text plus cursor: an Enter that only moves the cursor is still a change. */
async function snapshot(tmux: NudgeTmux, session: string): Promise<string> {
  const [text, cursor] = await Promise.all([
    tmux.capturePane(session, { lines: CAPTURE_LINES }),
    tmux.paneCursor(session),
  ]);
  return `${cursor.x},${cursor.y}\n${text}`;
}

async function pollUntil(check: () => Promise<boolean>, timeoutMs: number, pollMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/**
 * Type a one-line message into an agent's pane and submit it with Enter.
 * A message longer than a terminal line holds is refused, never cut.
 *
 * The text (sanitized; newlines become spaces) is typed exactly once, so a
 * retry can never duplicate it. We then wait until its last ~40 characters
 * show in the pane (the app has taken the input in; an Enter sent sooner is
 * often eaten by paste detection), press Enter, and wait for the pane text or
 * cursor to change. No change → Enter again, up to `retries` times.
 * Tmux errors (session or server gone) propagate as TmuxError.
 */
export async function deliverNudge(
  tmux: NudgeTmux,
  session: string,
  text: string,
  opts: NudgeOptions = {},
): Promise<NudgeResult> {
  const retries = Math.max(1, opts.retries ?? 3);
  const timeoutMs = opts.verifyTimeoutMs ?? 3_000;
  const pollMs = opts.pollMs ?? 50;

  const line = sanitizeLine(text);
  if (line === '')
    return {
      delivered: false,
      attempts: 0,
      detail: 'nothing to send: the message is empty after sanitizing',
    };
  const bytes = Buffer.byteLength(line);
  const maxBytes = opts.maxBytes ?? MAX_TYPED_BYTES;
  if (bytes > maxBytes)
    return {
      delivered: false,
      attempts: 0,
      detail: `not sent: the message is ${Array.from(line).length} characters (${bytes} bytes); at most ${maxBytes} bytes are typed as one line, and a cut message is never sent`,
    };
  if (await tmux.paneDead(session)) {
    return {
      delivered: false,
      attempts: 0,
      detail: `the pane of session "${session}" is dead (its command exited)`,
    };
  }

  const tail = squash(Array.from(line).slice(-TAIL_CHARS).join(''));
  await tmux.sendLiteral(session, line);
  const shown = await pollUntil(
    async () => squash(await tmux.capturePane(session, { lines: CAPTURE_LINES })).includes(tail),
    timeoutMs,
    pollMs,
  );
  const typedNote = shown
    ? 'message shown in the pane'
    : `message text not seen in the pane after ${timeoutMs} ms`;

  for (let attempt = 1; attempt <= retries; attempt++) {
    const before = await snapshot(tmux, session);
    await tmux.sendEnter(session);
    if (await pollUntil(async () => (await snapshot(tmux, session)) !== before, timeoutMs, pollMs)) {
      return { delivered: true, attempts: attempt, detail: `${typedNote}; submitted with Enter #${attempt}` };
    }
  }
  return {
    delivered: false,
    attempts: retries,
    detail: `${typedNote}; no visible reaction to ${retries} Enter presses`,
  };
}
