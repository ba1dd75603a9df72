import { CLAUDE_SETTINGS } from '../agents/claude-hooks.js';
import { CODEX_RULES } from '../agents/integrations/codex.js';
import { GEMINI_SETTINGS } from '../agents/integrations/gemini.js';

/**
 * Which gitignored files in a worktree cleanup may delete without asking.
 * The rule, kept simple on purpose:
 * - files overseer itself writes and excludes (agent hook settings, Codex rules);
 * - whole ignored directories with a well-known cache or build-output name,
 *   at any depth: node_modules/, dist/, build/, .cache/, __pycache__/, target/.
 * Every other ignored file (.env, notes, an ignored file inside dist/ that is
 * listed on its own) counts as work that would be lost.
 */
export const OVERSEER_OWN_FILES: readonly string[] = [CLAUDE_SETTINGS, GEMINI_SETTINGS, CODEX_RULES];

export const DISPOSABLE_DIRS: readonly string[] = [
  'node_modules',
  'dist',
  'build',
  '.cache',
  '__pycache__',
  'target',
];

/** The ignored paths (as `git status --ignored=matching` lists them; directories end in "/") that hold possible work. */
export function precious(ignored: readonly string[]): string[] {
  return ignored.filter((p) => {
    if (OVERSEER_OWN_FILES.includes(p)) return false;
    if (!p.endsWith('/')) return true;
    const last = p.slice(0, -1).split('/').pop()!;
    return !DISPOSABLE_DIRS.includes(last);
  });
}
