import { cleanLine as sanitizeLine, cleanText as sanitize } from './clean.js';
import type { Bead } from '../../town/schemas/bead.js';
import type { StoreSnapshot } from '../../store/types.js';
import { memoOn } from './memo.js';

export const COCKPIT_INBOXES = ['overseer', 'mayor'] as const;

export type MailRow = {
  key: string;
  id: string;
  to: string;
  from: string;
  subject: string;
  body: string;
  unread: boolean;
  created_at: string;
  replyTo?: string;
  labels: string[];
};

const inboxes = memoOn((beads: ReadonlyMap<string, Bead>): MailRow[] => {
  const rows: MailRow[] = [];
  for (const b of beads.values()) {
    if (b.issue_type !== 'message') continue;
    if (!(COCKPIT_INBOXES as readonly string[]).includes(b.assignee ?? '')) continue;
    rows.push({
      key: b.id,
      id: b.id,
      to: b.assignee ?? '',
      from: sanitizeLine(b.sender ?? '?', 60),
      subject: sanitizeLine(b.title, 300),
      body: sanitize(b.description),
      unread: b.status !== 'closed',
      created_at: b.created_at,
      replyTo: b.reply_to,
      labels: b.labels.map((l) => sanitizeLine(l, 40)),
    });
  }
  return rows.sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id));
});

/** The overseer's and the mayor's inboxes, newest first. */
export function selectMail(snap: StoreSnapshot): MailRow[] {
  return inboxes(snap.townBeads);
}

export function unreadCount(snap: StoreSnapshot): number {
  let n = 0;
  for (const m of selectMail(snap)) if (m.unread) n++;
  return n;
}
