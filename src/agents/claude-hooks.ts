import { join } from 'node:path';
import { writeJsonAtomic } from '../core/json-file.js';
import type { GitRepo } from '../runtime/git.js';
import { excludeInRepo } from '../runtime/worktree.js';

/** Claude Code hook events and the polecat state each one reports. */
export const CLAUDE_HOOKS: { event: string; state: 'working' | 'waiting' | 'idle'; stdin?: boolean }[] = [
  { event: 'SessionStart', state: 'idle' },
  { event: 'UserPromptSubmit', state: 'working' },
  { event: 'Stop', state: 'idle' },
  { event: 'Notification', state: 'waiting', stdin: true },
];

export const CLAUDE_SETTINGS = join('.claude', 'settings.local.json');

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The settings object: every hook calls `overseer signal STATE --event EVENT`. */
export function claudeHookSettings(overseer: string): object {
  const hooks: Record<string, unknown> = {};
  for (const h of CLAUDE_HOOKS) {
    const command = [
      shellQuote(overseer),
      'signal',
      h.state,
      '--event',
      h.event,
      ...(h.stdin ? ['--stdin'] : []),
    ].join(' ');
    hooks[h.event] = [{ hooks: [{ type: 'command', command }] }];
  }
  return { hooks };
}

/**
 * Write .claude/settings.local.json in the worktree (Claude Code's local,
 * uncommitted settings) and keep it out of git status so `done` does not
 * see it as an uncommitted change.
 */
export async function installClaudeHooks(worktree: GitRepo, overseer: string): Promise<string> {
  const file = join(worktree.dir, CLAUDE_SETTINGS);
  await writeJsonAtomic(file, claudeHookSettings(overseer));
  await excludeInRepo(worktree, '/.claude/settings.local.json');
  return file;
}
