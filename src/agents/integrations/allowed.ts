/**
 * The commands an agent runs without asking in `auto` permission mode: the
 * git commands that commit its work and Overseer's own agent commands. Each
 * CLI gets them in its own format (Claude permission rules, a Gemini policy,
 * Codex rules); a command is allowed with any further arguments.
 */
export const GIT_COMMANDS = ['git add', 'git commit', 'git status', 'git diff', 'git log'] as const;
export const OVERSEER_COMMANDS = [
  'overseer done',
  'overseer handoff',
  'overseer signal',
  'overseer cycle',
] as const;

/** Single-quoted for sh: hook commands are shell strings in every CLI's settings. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A hook's command line: `overseer signal STATE --event EVENT [--stdin]`, output discarded. */
export function signalCommand(overseer: string, state: string, event: string, stdin = false): string {
  return [shellQuote(overseer), 'signal', state, '--event', event, ...(stdin ? ['--stdin'] : [])]
    .join(' ')
    .concat(' >/dev/null 2>&1');
}
