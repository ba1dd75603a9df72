import { gapsOf } from '../../town/issue-map.js';
import { isActive } from '../../town/ready.js';
import type { Bead } from '../../town/schemas/bead.js';
import { cleanLine, cleanText } from './clean.js';

/**
 * The lines of an issue's detail view: what it is, its dependencies (with
 * the state of each target: a missing or unreadable one is said so), its
 * description and its comments, oldest first. Untrusted text is cleaned here
 * and again when drawn.
 */
export function issueDetailLines(b: Bead, issues: ReadonlyMap<string, Bead>): string[] {
  const gaps = gapsOf(issues);
  const lines = [
    `${cleanLine(b.issue_type, 30)}, status ${cleanLine(b.status, 30)}, priority ${b.priority}` +
      (b.assignee ? `, assignee ${cleanLine(b.assignee, 60)}` : ''),
    `labels: ${b.labels.map((l) => cleanLine(l, 40)).join(', ') || '-'}`,
  ];
  lines.push('', `dependencies (${b.dependencies.length}):`);
  if (b.dependencies.length === 0) lines.push('  none');
  for (const d of b.dependencies) {
    const id = cleanLine(d.depends_on_id, 80);
    const t = issues.get(d.depends_on_id);
    const state = gaps.unreadable.has(d.depends_on_id)
      ? 'cannot be read'
      : t
        ? `${cleanLine(t.status, 30)}${isActive(t) ? '' : ', done'}  ${cleanLine(t.title, 120)}`
        : gaps.deleted.has(d.depends_on_id)
          ? 'deleted'
          : 'missing';
    lines.push(`  ${cleanLine(d.type, 30)} ${id}: ${state}`);
  }
  if (b.description) lines.push('', ...cleanText(b.description).split('\n'));
  const comments = b.comments ?? [];
  lines.push('', `comments (${comments.length}):`);
  if (comments.length === 0) lines.push('  none');
  for (const c of comments) {
    lines.push(`  ${cleanLine(c.author ?? '?', 60)}, ${c.created_at ?? '?'}:`);
    for (const l of cleanText(c.text).split('\n')) lines.push(`    ${l}`);
  }
  return lines;
}
