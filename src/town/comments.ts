import { randomUUID } from 'node:crypto';
import { OverseerError } from '../core/errors.js';
import { nowIso } from '../core/time.js';
import { issueToChange } from './issue-map.js';
import type { Bead, Comment } from './schemas/bead.js';
import { polecatAddress } from './schemas/polecat.js';
import type { Town } from './town.js';

/**
 * Comments in beads' shape: `{id, issue_id, author, text, created_at}` in the
 * issue's `comments` array (bd 1.0 ids are UUID strings; older ones numbers).
 */
export async function addComment(
  town: Town,
  id: string,
  text: string,
  author: string,
): Promise<{ issue: Bead; comment: Comment }> {
  if (text.trim() === '') throw new OverseerError('bad-comment', 'a comment needs some text');
  if (author.trim() === '') throw new OverseerError('bad-comment', 'a comment needs an author');
  const log = town.beadsFor(id);
  return log.mutate((current) => {
    const old = issueToChange(current, id);
    const now = nowIso();
    const comment: Comment = { id: randomUUID(), issue_id: id, author, text, created_at: now };
    const issue: Bead = { ...old, comments: [...(old.comments ?? []), comment], updated_at: now };
    return { records: [issue], result: { issue, comment } };
  });
}

/** Who is commenting: a polecat (from its environment) or the overseer. */
export function defaultAuthor(env: NodeJS.ProcessEnv = process.env): string {
  if (env.OVERSEER_RIG && env.OVERSEER_POLECAT) return polecatAddress(env.OVERSEER_RIG, env.OVERSEER_POLECAT);
  return 'overseer';
}
