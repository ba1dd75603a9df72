import type { PolecatRef } from '../polecats/resolve.js';
import { updatePolecat } from '../town/polecat-state.js';
import { sendMail, type Message } from '../town/mail.js';
import { polecatAddress } from '../town/schemas/polecat.js';

/**
 * Session cycling, agent side (`overseer cycle`): mail a handoff note to
 * oneself, then set the cycle flag. The daemon's witness sees the flag,
 * starts a fresh session in the same worktree with the note in its prompt,
 * marks the note read and clears the flag.
 */
export async function requestCycle(ref: PolecatRef, note: string): Promise<Message> {
  const self = polecatAddress(ref.rig, ref.name);
  const mail = await sendMail(ref.town, {
    to: self,
    from: self,
    subject: `handoff: ${ref.state.issue}`,
    body: note.trim() || '(no note)',
    labels: ['handoff'],
  });
  await updatePolecat(ref.paths, ref.name, (p) => ({ ...p, cycle_requested: true }));
  await ref.town.events.emit({
    kind: 'polecat.cycle-requested',
    actor: self,
    rig: ref.rig,
    subject: `${ref.rig}/${ref.name}`,
    message: `${ref.name} asked for a fresh session (handoff ${mail.id})`,
  });
  return mail;
}
