import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GitRepo } from '../../runtime/git.js';
import { excludeInRepo } from '../../runtime/worktree.js';
import { OVERSEER_COMMANDS } from './allowed.js';

/**
 * Codex runs commands in its workspace-write sandbox, where the town (state
 * files, beads, the event log) is read-only. A project rules file (read in a
 * trusted project) lets Overseer's own commands run outside the sandbox
 * without asking. git add/commit stay sandboxed: the preset makes the
 * worktree's git metadata writable instead (sandbox_workspace_write.writable_roots).
 */
export const CODEX_RULES = join('.codex', 'rules', 'overseer.rules');

export function codexRules(): string {
  const words = OVERSEER_COMMANDS.map((c) => JSON.stringify(c.split(' ')[1]));
  return [
    '# Written by Overseer: its agent commands write the town, outside the sandbox.',
    'prefix_rule(',
    `    pattern = ["overseer", [${words.join(', ')}]],`,
    '    decision = "allow",',
    '    justification = "Overseer agent commands update the town\'s state files",',
    ')',
    '',
  ].join('\n');
}

export async function installCodexRules(repo: GitRepo): Promise<string> {
  const worktree = repo.dir;
  mkdirSync(join(worktree, '.codex', 'rules'), { recursive: true });
  const file = join(worktree, CODEX_RULES);
  writeFileSync(file, codexRules());
  await excludeInRepo(repo, '/.codex/rules/overseer.rules');
  return file;
}

/**
 * The directories a commit in this worktree writes: its own git directory
 * (index, HEAD) and the main repository's objects, refs and logs. Not hooks
 * nor config: an agent in the sandbox cannot plant code that Overseer's own
 * git commands would run.
 */
export function gitWriteRoots(worktree: string): string[] {
  let gitDir: string;
  try {
    const link = readFileSync(join(worktree, '.git'), 'utf8');
    const m = /^gitdir: (.+)$/m.exec(link);
    if (!m) return [join(worktree, '.git')];
    gitDir = m[1]!.trim();
  } catch {
    return [join(worktree, '.git')];
  }
  let common = join(gitDir, '..', '..');
  try {
    common = join(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim());
  } catch {
    /* the usual layout: <common>/worktrees/<name> */
  }
  return [gitDir, join(common, 'objects'), join(common, 'refs'), join(common, 'logs')];
}

/**
 * Codex's notify program gets a JSON payload as its last argument; its
 * `type` says what happened. The state it reports, or undefined for a type
 * Overseer does not follow.
 */
export function codexNotifyState(
  payload: string,
): { state: 'idle' | 'waiting'; event: string; message?: string } | undefined {
  let data: { type?: unknown; 'last-assistant-message'?: unknown };
  try {
    data = JSON.parse(payload) as typeof data;
  } catch {
    return undefined;
  }
  if (data.type === 'agent-turn-complete') return { state: 'idle', event: 'agent-turn-complete' };
  if (data.type === 'approval-requested')
    return { state: 'waiting', event: 'approval-requested', message: 'Codex asks for approval' };
  if (data.type === 'async-question')
    return { state: 'waiting', event: 'async-question', message: 'Codex asks a question' };
  return undefined;
}
