import { OverseerError } from '../core/errors.js';
import { NAME_PATTERN } from '../core/names.js';
import { nowIso } from '../core/time.js';
import { newBead } from './issues.js';
import type { Bead } from './schemas/bead.js';
import type { Town } from './town.js';

/**
 * Mail between roles. A message is a town bead of type `message`: title is
 * the subject, description the body, assignee the recipient, sender the
 * sender; open means unread, closed means read.
 */

export type Message = Bead & { issue_type: 'message' };

/** Check an address: overseer, mayor, RIG/witness, RIG/refinery, RIG/polecats/NAME, RIG/plugins/NAME. */
export function parseAddress(town: Town, address: string, opts: { requireRig?: boolean } = {}): string {
  if (address === 'overseer' || address === 'mayor') return address;
  const parts = address.split('/');
  const bad = () =>
    new OverseerError(
      'bad-address',
      `invalid mail address ${JSON.stringify(address)}: use overseer, mayor, RIG/witness, RIG/refinery, RIG/polecats/NAME or RIG/plugins/NAME`,
    );
  const [rig, role, name] = parts;
  if (!rig || !NAME_PATTERN.test(rig)) throw bad();
  if (parts.length === 2 && (role === 'witness' || role === 'refinery')) {
    /* ok */
  } else if (
    parts.length === 3 &&
    (role === 'polecats' || role === 'plugins') &&
    name &&
    NAME_PATTERN.test(name)
  ) {
    /* ok */
  } else throw bad();
  if (opts.requireRig !== false && !town.rigNames().includes(rig)) {
    throw new OverseerError(
      'unknown-rig',
      `mail address ${JSON.stringify(address)} names unknown rig ${JSON.stringify(rig)}`,
    );
  }
  return address;
}

export type SendInput = {
  to: string;
  subject: string;
  body: string;
  from?: string;
  replyTo?: string;
  labels?: string[];
  priority?: number;
};

export async function sendMail(town: Town, input: SendInput): Promise<Message> {
  const to = parseAddress(town, input.to);
  const from = parseAddress(town, input.from ?? 'overseer', { requireRig: false });
  if (input.subject.trim() === '') throw new OverseerError('bad-subject', 'mail needs a non-empty --subject');
  if (input.subject.length > 300) throw new OverseerError('bad-subject', 'subject is over 300 characters');
  const log = town.townBeads;
  const msg = await log.mutate((current) => {
    if (input.replyTo && !current.has(input.replyTo))
      throw new OverseerError('unknown-message', `no message ${JSON.stringify(input.replyTo)} to reply to`);
    const b = newBead(log, current, {
      title: input.subject,
      description: input.body,
      issue_type: 'message',
      assignee: to,
      sender: from,
      reply_to: input.replyTo,
      labels: input.labels ?? [],
      priority: input.priority ?? 2,
    });
    return { records: [b], result: b };
  });
  await town.events.emit({
    kind: 'mail.sent',
    actor: from,
    subject: msg.id,
    message: `mail ${from} → ${to}: ${input.subject}`,
  });
  return msg as Message;
}

export function inbox(town: Town, address = 'overseer', opts: { unreadOnly?: boolean } = {}): Message[] {
  parseAddress(town, address, { requireRig: false });
  const out: Message[] = [];
  for (const b of town.townBeads.all().values()) {
    if (b.issue_type !== 'message' || b.assignee !== address) continue;
    if (opts.unreadOnly && b.status === 'closed') continue;
    out.push(b as Message);
  }
  return out.sort((a, b) => b.created_at.localeCompare(a.created_at));
}

export function allMail(town: Town): Message[] {
  return [...town.townBeads.all().values()].filter((b): b is Message => b.issue_type === 'message');
}

/** Return a message and mark it read (idempotent). */
export async function readMail(town: Town, id: string): Promise<Message> {
  const log = town.townBeads;
  return log.mutate((current) => {
    const m = current.get(id);
    if (!m || m.issue_type !== 'message')
      throw new OverseerError('unknown-message', `no message ${JSON.stringify(id)}`);
    if (m.status === 'closed') return { records: [], result: m as Message };
    const now = nowIso();
    const read: Bead = { ...m, status: 'closed', closed_at: now, updated_at: now };
    return { records: [read], result: read as Message };
  });
}
