import { join } from 'node:path';
import type { GitRepo } from '../runtime/git.js';
import { excludeInRepo } from '../runtime/worktree.js';
import { GIT_COMMANDS, OVERSEER_COMMANDS, signalCommand } from './integrations/allowed.js';

/** Claude Code hook events and the polecat state each one reports. */
export const CLAUDE_HOOKS: { event: string; state: 'working' | 'waiting' | 'idle'; stdin?: boolean }[] = [
  { event: 'SessionStart', state: 'idle' },
  { event: 'UserPromptSubmit', state: 'working' },
  { event: 'Stop', state: 'idle' },
  { event: 'Notification', state: 'waiting', stdin: true },
];

export const CLAUDE_SETTINGS = join('.claude', 'settings.local.json');

/**
 * The settings object: every hook calls `overseer signal STATE --event
 * EVENT`; with `allow`, git's and Overseer's commands run without asking
 * (Claude permission rules, `Bash(PREFIX:*)`).
 */
export function claudeHookSettings(overseer: string, allow = false): object {
  const hooks: Record<string, unknown> = {};
  for (const h of CLAUDE_HOOKS) {
    hooks[h.event] = [
      { hooks: [{ type: 'command', command: signalCommand(overseer, h.state, h.event, h.stdin) }] },
    ];
  }
  const rules = [...GIT_COMMANDS, ...OVERSEER_COMMANDS].map((c) => `Bash(${c}:*)`);
  return { hooks, ...(allow ? { permissions: { allow: rules } } : {}) };
}

/**
 * Write .claude/settings.local.json in the worktree (Claude Code's local,
 * uncommitted settings) and keep it out of git status so `done` does not
 * see it as an uncommitted change. Claude reads it only in a trusted folder.
 */
export async function installClaudeHooks(
  worktree: GitRepo,
  overseer: string,
  allow = false,
): Promise<string> {
  const file = join(worktree.dir, CLAUDE_SETTINGS);
  await worktree.files.writeFile(file, JSON.stringify(claudeHookSettings(overseer, allow), null, 2) + '\n');
  await excludeInRepo(worktree, '/.claude/settings.local.json');
  return file;
}
