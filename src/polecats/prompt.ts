import { sanitize, sanitizeLine } from '../core/sanitize.js';
import type { Bead } from '../town/schemas/bead.js';

export type PromptInput = {
  issue: Bead;
  rig: string;
  polecat: string;
  branch: string;
  worktree: string;
  /** Feedback from an earlier attempt (escalation), shown in its own section. */
  feedback?: string;
};

/**
 * The prompt an agent starts with: the issue, then how to finish. Text from
 * the issue is sanitized (no control or escape sequences reach the agent's
 * terminal); the `Issue:` and `Labels:` lines are read back by the scripted
 * agent, so keep their form.
 */
export function buildPrompt(p: PromptInput): string {
  const { issue } = p;
  const lines = [
    `You are polecat ${p.polecat}, a worker on rig ${p.rig}. Your workspace is the git worktree`,
    `${p.worktree} on branch ${p.branch}.`,
    '',
    `Issue: ${issue.id}`,
    `Title: ${sanitizeLine(issue.title)}`,
    `Type: ${issue.issue_type}, priority ${issue.priority}`,
    `Labels: ${issue.labels.map((l) => sanitizeLine(l)).join(', ')}`,
    '',
    '## Description',
    '',
    sanitize(issue.description).trim() || '(no description)',
    '',
  ];
  if (p.feedback && p.feedback.trim() !== '') {
    lines.push('## Feedback from a previous attempt', '', sanitize(p.feedback).trim(), '');
  }
  lines.push(
    '## When you are done',
    '',
    '1. Commit all of your changes on this branch (git add, git commit). Leave nothing uncommitted.',
    '2. Run `overseer done`. It queues your branch for the refinery (the merge queue) and tells the',
    '   witness you have finished. If it refuses, do what it says and run it again.',
    'Do not merge into the main branch and do not push: the refinery does that.',
    '',
  );
  return lines.join('\n');
}
