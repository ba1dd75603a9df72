/**
 * The keys an operator may send to answer an agent without attaching
 * (`overseer answer`, the cockpit's approve/deny/pick keys, a preset's
 * approve and deny sequences): a closed set, each sent as one tmux key.
 */
const NAMED: Record<string, string> = {
  enter: 'Enter',
  esc: 'Escape',
  escape: 'Escape',
  up: 'Up',
  down: 'Down',
  tab: 'Tab',
};

/** How the accepted keys read in messages and help. */
export const ANSWER_KEYS_HELP = 'Enter, Esc, Up, Down, Tab, a digit 0-9, y or n';

/** The tmux key for one answer key name, or undefined when it is not one. */
export function answerKey(name: string): string | undefined {
  if (/^[0-9]$/.test(name) || name === 'y' || name === 'n') return name;
  return NAMED[name.toLowerCase()];
}

/** tmux keys for names; the first name that is not an answer key is reported. */
export function answerKeys(names: readonly string[]): { keys: string[] } | { bad: string } {
  const keys: string[] = [];
  for (const n of names) {
    const k = answerKey(n);
    if (k === undefined) return { bad: n };
    keys.push(k);
  }
  return { keys };
}
